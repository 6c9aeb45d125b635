"""Helpers shared by the tests and the demo data: personas, factories, synthetic images."""
