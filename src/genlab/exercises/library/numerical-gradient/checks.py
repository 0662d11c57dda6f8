"""Checks for numerical-gradient."""

import numpy as np

from genlab.exercises.checks import check


def cube_sum(x):
    return float(np.sum(x ** 3))


def wavy(x):
    return float(np.sum(np.sin(x) * x) + x.ravel()[0] * x.ravel()[-1])


def wavy_grad(x):
    g = np.sin(x) + x * np.cos(x)
    flat = g.reshape(-1)
    xs = x.reshape(-1)
    flat[0] += xs[-1]
    flat[-1] += xs[0]
    return g


@check("the gradient of sum(x ** 3) on a vector")
def cubes(t):
    x = np.array([1.0, -2.0, 0.5, 3.0])
    t.given("f(x) = sum(x ** 3) at x = [1, -2, 0.5, 3]; the exact gradient is 3 x ** 2")
    got = t.call("numerical_gradient", cube_sum, x.copy())
    t.expect_close(got, 3 * x ** 2, atol=1e-7, rtol=1e-8,
                   why="central differences are accurate to about eps ** 2")


@check("works for a 2-D array x (any shape)")
def matrix_input(t):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3, 4))
    t.given("f(x) = sum(sin(x) * x) + x[0, 0] * x[-1, -1] on a random 3x4 matrix")
    got = t.call("numerical_gradient", wavy, x.copy())
    t.expect_close(got, wavy_grad(x), atol=1e-7, rtol=1e-7)


@check("leaves x holding its original values")
def restores(t):
    x = np.array([[0.3, -1.2], [2.0, 0.7]])
    before = x.copy()
    t.call("numerical_gradient", cube_sum, x)
    t.input = f"f(x) = sum(x ** 3), x = {before.tolist()}"
    t.expect_close(x, before, what="x after the call", atol=0, rtol=0,
                   why="put every entry back after nudging it")


@check("gradient_check: a correct gradient gives a tiny relative error")
def check_right(t):
    rng = np.random.default_rng(1)
    x = rng.normal(size=5)
    t.given("f(x) = sum(sin(x) * x) + x[0] * x[-1] with its correct gradient")
    err = t.call("gradient_check", wavy, wavy_grad, x)
    t.expect(float(err) < 1e-7, expected="a relative error below 1e-7", got=f"{float(err):.3g}")


@check("gradient_check: a gradient off by a factor of 2 gives 1/3")
def check_wrong(t):
    x = np.array([1.0, 2.0, -1.0])
    t.given("f(x) = sum(x ** 2) with the wrong gradient x (the right one is 2 x)")
    err = t.call("gradient_check", lambda v: float(np.sum(v ** 2)), lambda v: v.copy(), x)
    t.expect_close(err, 1.0 / 3.0, what="the relative error", atol=1e-6)


@check("gradient_check: two zero gradients give 0, not NaN")
def check_zero(t):
    x = np.zeros(3)
    t.given("f(x) = 7 (a constant) with gradient 0")
    err = t.call("gradient_check", lambda v: 7.0, lambda v: np.zeros_like(v), x)
    t.expect_close(err, 0.0, what="the relative error")
