"""pytest configuration. Shared-data helpers live in ``tests/shared_data.py`` (import ``from shared_data import
shared_ifc``): a plain module name avoids clashes between the several conftest.py files of the suite."""
