"""Use cases over the store: everything the GUI and the command line may do with the data.

Each function takes the session of a unit of work (`Store.unit_of_work()`), validates its input and
raises `ValidationError` with translatable messages naming the fields.
"""
