"""Checks for pandas-groupby."""

import pandas as pd

from genlab.exercises.checks import check


def table(rows):
    return pd.DataFrame(rows, columns=["region", "product", "units", "price"])


def reference(sales):
    out = []
    for region in sorted(set(sales["region"])):
        part = sales[sales["region"] == region]
        revenue = float((part["units"] * part["price"]).sum())
        by_product = {}
        for _, r in part.iterrows():
            by_product[r["product"]] = by_product.get(r["product"], 0.0) + r["units"] * r["price"]
        best = sorted(by_product.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        out.append((region, revenue, len(part), best))
    out.sort(key=lambda r: (-r[1], r[0]))
    return out


def compare(t, got, sales):
    want = reference(sales)
    t.expect(isinstance(got, pd.DataFrame), expected="a pandas DataFrame",
             got=type(got).__name__)
    t.expect_equal(list(got.columns), ["revenue", "orders", "top_product"],
                   what="the columns")
    t.expect_equal(got.index.name, "region", what="the index name",
                   why="index the report by region (set_index('region'))")
    t.expect_equal([str(r) for r in got.index], [r[0] for r in want],
                   what="the regions, in order",
                   why="sort by revenue, largest first (ties by region name)")
    t.expect_close([float(v) for v in got["revenue"]], [r[1] for r in want],
                   what="the revenue column", atol=1e-9)
    t.expect_equal([int(v) for v in got["orders"]], [r[2] for r in want],
                   what="the orders column")
    t.expect_equal([str(v) for v in got["top_product"]], [r[3] for r in want],
                   what="the top_product column")


SALES = table([
    ("north", "tea", 3, 2.0), ("north", "coffee", 1, 5.0), ("south", "tea", 10, 2.0),
    ("north", "tea", 1, 2.0), ("east", "cake", 2, 3.5), ("south", "cake", 1, 4.0),
    ("east", "tea", 1, 1.0),
])


@check("the report of a small sales table")
def small(t):
    sales = SALES.copy()
    t.given("the sales table\n" + sales.to_string())
    compare(t, t.call("sales_report", sales), SALES)


@check("the top product sums a product's orders before comparing")
def summed(t):
    sales = table([("west", "pen", 1, 10.0), ("west", "ink", 3, 3.0), ("west", "pen", 1, 1.0),
                   ("west", "ink", 2, 3.0)])
    t.given("one region where 'ink' sells 15.0 over two orders and 'pen' 11.0 "
            "(with the single biggest order)\n" + sales.to_string())
    compare(t, t.call("sales_report", sales), sales)


@check("ties: equal product revenue goes to the alphabetically first name")
def ties(t):
    sales = table([("a", "zebra", 1, 4.0), ("a", "apple", 2, 2.0), ("b", "kiwi", 1, 1.0)])
    t.given("region 'a' where zebra and apple both bring 4.0\n" + sales.to_string())
    compare(t, t.call("sales_report", sales), sales)


@check("a single order gives a one-row report")
def single(t):
    sales = table([("solo", "tea", 2, 1.5)])
    t.given("one order\n" + sales.to_string())
    compare(t, t.call("sales_report", sales), sales)


@check("a bigger table, and the input table is left unchanged")
def bigger(t):
    import numpy as np

    rng = np.random.default_rng(7)
    n = 200
    sales = pd.DataFrame({
        "region": rng.choice(["north", "south", "east", "west", "centre"], n),
        "product": rng.choice(["tea", "coffee", "cake", "juice"], n),
        "units": rng.integers(1, 20, n),
        "price": rng.choice([1.0, 2.5, 4.0, 7.25], n),
    })
    before = sales.copy()
    t.given("200 random orders over 5 regions and 4 products")
    compare(t, t.call("sales_report", sales), before)
    t.expect(sales.equals(before), expected="the sales table unchanged",
             got=f"columns {list(sales.columns)}",
             why="build new frames (assign) instead of adding columns to `sales`")
