"""``genlab course build``: the course as a static website a teacher can host or hand out.

The site is made by MkDocs with the Material theme (the generator genlab's docs use too):
genlab writes Markdown pages for the roadmap (one per milestone, with its topics, resources,
labs, guides, exercises and checklist) and the exercise list, adds the lab guides as notebooks
(executed, so the pages show their outputs; mkdocs-jupyter renders them) and builds the site.
Everything is local: no page loads fonts or scripts from the internet.
"""
