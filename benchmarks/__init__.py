"""Speed and memory benchmarks, run from the repository root as ``python -m benchmarks.bench_check`` and so on.

Each module prints its figures and most write them under ``benchmarks/results/``;
``generate`` makes the synthetic articles they time.
"""
