"""pyomero's benchmarks: ``benchmarks/run`` or ``python -m benchmarks`` (see README there)."""
