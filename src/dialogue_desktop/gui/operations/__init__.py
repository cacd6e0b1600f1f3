"""Every database operation of the GUI, in one place, one module per area (after Anki's aqt/operations).

Each function here builds an :class:`~dialogue_desktop.gui.worker.Op` and is the one place that says what
the operation changes (a :class:`~dialogue_desktop.gui.topics.Topic` set): pages call
``attendance.register(dialogue_id, person_id).success(done).run(worker)`` and never name topics or worker
functions themselves. What runs on the worker returns plain values or dataclasses, never ORM objects.
"""
