"""pandas: summarise a sales table per region with groupby.

``groupby`` splits a table into groups, applies an aggregation to each and combines the
results: the split-apply-combine pattern behind most reports.

Check your work with:  genlab check pandas-groupby
"""

import pandas as pd


def sales_report(sales: pd.DataFrame) -> pd.DataFrame:
    """Summarise ``sales`` per region.

    ``sales`` has the columns region (str), product (str), units (int) and price (float);
    one row is one order. Return a new DataFrame with one row per region, indexed by region
    (index name "region"), with exactly these columns in this order:

    * ``revenue``: the sum of units * price over the region's orders;
    * ``orders``: the number of orders (rows) in the region;
    * ``top_product``: the product with the largest total revenue in the region (summed over
      all its orders there); on a tie, the name that comes first alphabetically.

    Rows are sorted by revenue, largest first; regions with equal revenue by name.
    Do not change ``sales``.
    """
    # your code here
    raise NotImplementedError("write this part")
