"""Data only: the ImageJ-style ``.lut`` files shipped with pyomero (see ``_lutgen.py``).

A package so that the ``*.lut`` package-data pattern ships them in wheels.
"""
