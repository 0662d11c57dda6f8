"""Checks for numpy-vectorise."""

import ast

import numpy as np

from genlab.exercises.checks import check


def reference(X):
    X = np.asarray(X, dtype=float)
    out = np.zeros_like(X)
    for j in range(X.shape[1]):
        col = X[:, j]
        s = col.std()
        out[:, j] = (col - col.mean()) / s if s > 0 else 0.0
    return out


@check("standardises the small example from the docstring")
def example(t):
    X = np.array([[1.0, 10.0], [3.0, 10.0]])
    t.expect_close(t.call("standardize_columns", X), np.array([[-1.0, 0.0], [1.0, 0.0]]))


@check("every column ends with mean 0 and standard deviation 1")
def random_table(t):
    rng = np.random.default_rng(1)
    X = rng.normal(5.0, 3.0, size=(50, 4)) * np.array([1.0, 10.0, 0.1, 2.0])
    got = t.call("standardize_columns", X)
    t.expect_close(got, reference(X), atol=1e-9,
                   why="divide by the population standard deviation (ddof=0)")


@check("a column of equal values becomes zeros, not NaN")
def constant_column(t):
    X = np.array([[1.0, 7.0, 2.0], [2.0, 7.0, 4.0], [3.0, 7.0, 9.0]])
    t.expect_close(t.call("standardize_columns", X), reference(X), atol=1e-9)


@check("a table with a single row becomes zeros")
def single_row(t):
    X = np.array([[4.0, -2.0, 0.5]])
    t.expect_close(t.call("standardize_columns", X), np.zeros((1, 3)))


@check("integer input gives a float result")
def integers(t):
    X = np.array([[1, 2], [3, 4], [5, 9]])
    got = t.call("standardize_columns", X)
    t.expect_close(got, reference(X), atol=1e-9)
    t.expect(np.asarray(got).dtype.kind == "f", expected="a float array",
             got=f"dtype {np.asarray(got).dtype}")


@check("leaves the input array unchanged")
def input_unchanged(t):
    X = np.array([[1.0, 5.0], [2.0, 6.0], [6.0, 1.0]])
    before = X.copy()
    t.call("standardize_columns", X)
    t.input = "X = " + np.array2string(before, separator=", ")
    t.expect_close(X, before, what="X after the call", atol=0,
                   why="work on a new array: `X - mean`, not `X -= mean`")


@check("uses whole-array operations: no Python loop inside the function")
def no_loops(t):
    source = open(t.learner_path, encoding="utf-8").read()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and node.name == "standardize_columns":
            loops = [n for n in ast.walk(node)
                     if isinstance(n, (ast.For, ast.While, ast.comprehension))]
            t.expect(not loops, expected="no for/while loop and no comprehension",
                     got=f"a loop on line {loops[0].lineno if loops else 0}",
                     why="let NumPy do the looping: reduce with axis=0 and broadcast")
            return
    t.fail(expected="a function named standardize_columns", got="none in your file")
