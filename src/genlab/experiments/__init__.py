"""Experiments across runs: listing and comparing runs, sweeps, the optimizer lab, reproduction."""
