"""Interface layer: renderings of results for people (plain text today; HTML reports later).

Sits on top of the library beside :mod:`bldgagent.cli`; nothing below it imports it (see the import-linter
contract in setup.cfg).
"""
