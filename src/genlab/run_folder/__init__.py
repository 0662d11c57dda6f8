"""Run folders: config, metrics, checkpoints, sample grids, curves and the HTML report."""
