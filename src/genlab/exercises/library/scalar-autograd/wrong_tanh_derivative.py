# Plausible mistake: uses 1 - t instead of 1 - t ** 2 for the tanh derivative
"""Calculus: a scalar automatic-differentiation engine in the style of micrograd.

Every Value remembers the Values it was computed from and a small function that passes the
gradient back to them by the chain rule. Calling backward() on the final Value visits the
graph from the output to the inputs and fills in every .grad.

Check your work with:  genlab check scalar-autograd
"""

import math


class Value:
    """A number that remembers how it was computed, so gradients can flow back through it."""

    def __init__(self, data, parents=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self._parents = tuple(parents)
        self._op = op
        self._backward = lambda: None

    def __repr__(self):
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            # pass out.grad on to self and other
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward():
            self.grad += (1.0 - t) * out.grad

        out._backward = _backward
        return out

    # The rules below are written for you; read them as examples.

    def __pow__(self, k):
        assert isinstance(k, (int, float)), "only numbers as exponents"
        out = Value(self.data ** k, (self,), f"**{k}")

        def _backward():
            self.grad += k * self.data ** (k - 1) * out.grad

        out._backward = _backward
        return out

    def exp(self):
        e = math.exp(self.data)
        out = Value(e, (self,), "exp")

        def _backward():
            self.grad += e * out.grad

        out._backward = _backward
        return out

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return (-self) + other

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __truediv__(self, other):
        return self * (other ** -1 if isinstance(other, Value) else Value(other) ** -1)

    def __rtruediv__(self, other):
        return Value(other) * self ** -1

    def backward(self):
        """Fill in ``.grad`` of every Value this one depends on with d(self)/d(that Value).

        Put the graph in topological order (every Value after the Values it was computed
        from), set this Value's grad to 1, then call each Value's ``_backward`` in the
        reverse of that order, so a Value passes its gradient on only once it is complete.
        """
        order, seen = [], set()

        def visit(v):
            if id(v) not in seen:
                seen.add(id(v))
                for p in v._parents:
                    visit(p)
                order.append(v)

        visit(self)
        self.grad = 1.0
        for v in reversed(order):
            v._backward()
