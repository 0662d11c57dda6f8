"""The dashboard's pages, one router per area: roadmap (and milestone forms), runs (list, run
page, live updates, files), and the views across runs (compare, gallery)."""
