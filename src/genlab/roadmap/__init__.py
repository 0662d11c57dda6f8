"""The roadmap: the curriculum as data, the learner's progress, and a plan from their own pace.

Modules, from data to output:

- ``curriculum.toml`` - phases, milestones, topic areas, resources, links and activities.
- :mod:`.schema` validates a curriculum file (pydantic), :mod:`.loader` loads it with a cache of
  the validated form, :mod:`.model` is the light runtime view the commands use.
- :mod:`.progress` stores progress in SQLite; :mod:`.planner` turns estimates and history into a
  dated plan; :mod:`.ics` writes that plan as an iCalendar file.
- :mod:`.views` answers questions (what next, how far along); :mod:`.render` draws them.

Nothing here imports torch, numpy or matplotlib: the roadmap commands must start fast.
"""
