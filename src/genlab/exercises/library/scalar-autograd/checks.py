"""Checks for scalar-autograd: gradients against hand-derived and numerical values."""

import math

from genlab.exercises.checks import check


def numeric(f, xs, i, eps=1e-6):
    up = list(xs)
    down = list(xs)
    up[i] += eps
    down[i] -= eps
    return (f(*up) - f(*down)) / (2 * eps)


def grads_of(t, Value, f, xs):
    vs = [Value(x) for x in xs]
    out = f(*vs)
    out.backward()
    return out, [v.grad for v in vs]


@check("a + b * c: the forward value and three gradients")
def simple(t):
    Value = t.get("Value")
    t.given("a = 2, b = -3, c = 10, out = a + b * c")
    out, g = grads_of(t, Value, lambda a, b, c: a + b * c, [2.0, -3.0, 10.0])
    t.expect_close(out.data, -28.0, what="out.data")
    t.expect_close(g, [1.0, 10.0, -3.0], what="[a.grad, b.grad, c.grad]")


@check("a value used twice collects gradient from both uses")
def reuse(t):
    Value = t.get("Value")
    t.given("a = 3, out = (a + a) * a + a   (d out / d a = 4a + 1 = 13)")
    _, g = grads_of(t, Value, lambda a: (a + a) * a + a, [3.0])
    t.expect_close(g, [13.0], what="[a.grad]",
                   why="add to .grad with +=, so both uses count")


@check("tanh of a neuron: w * x + b")
def neuron(t):
    Value = t.get("Value")
    xs = [0.8, -1.5, 0.4]
    t.given("w = 0.8, x = -1.5, b = 0.4, out = tanh(w * x + b)")
    out, g = grads_of(t, Value, lambda w, x, b: (w * x + b).tanh(), xs)
    f = lambda w, x, b: math.tanh(w * x + b)
    t.expect_close(out.data, f(*xs), what="out.data")
    t.expect_close(g, [numeric(f, xs, i) for i in range(3)], what="[w.grad, x.grad, b.grad]",
                   atol=1e-6)


@check("a diamond-shaped graph is processed in the right order")
def diamond(t):
    Value = t.get("Value")
    xs = [0.5, -1.2]
    expr = lambda a, b: ((a * b).tanh() + a ** 2) * ((a * b).tanh() - b) / (b * b + 1)
    plain = lambda a, b: ((math.tanh(a * b)) + a ** 2) * (math.tanh(a * b) - b) / (b * b + 1)
    t.given("a = 0.5, b = -1.2, out = (tanh(ab) + a^2) * (tanh(ab) - b) / (b^2 + 1)")
    _, g = grads_of(t, Value, expr, xs)
    t.expect_close(g, [numeric(plain, xs, i) for i in range(2)], what="[a.grad, b.grad]",
                   atol=1e-6, why="a node must pass its gradient on only after all its users")


@check("a long chain of 300 operations")
def chain(t):
    Value = t.get("Value")
    t.given("x = 0.1, then 300 times: y = tanh(y * 1.01 + 0.01)")

    def expr(x):
        y = x
        for _ in range(300):
            y = (y * 1.01 + 0.01).tanh()
        return y

    def plain(x):
        y = x
        for _ in range(300):
            y = math.tanh(y * 1.01 + 0.01)
        return y

    _, g = grads_of(t, Value, expr, [0.1])
    t.expect_close(g, [numeric(plain, [0.1], 0)], what="[x.grad]", atol=1e-6)


@check("exp, division and subtraction work through the same machinery")
def others(t):
    Value = t.get("Value")
    xs = [0.3, 2.0]
    t.given("a = 0.3, b = 2, out = exp(a) / b - a * b")
    _, g = grads_of(t, Value, lambda a, b: a.exp() / b - a * b, xs)
    plain = lambda a, b: math.exp(a) / b - a * b
    t.expect_close(g, [numeric(plain, xs, i) for i in range(2)], what="[a.grad, b.grad]",
                   atol=1e-6)
