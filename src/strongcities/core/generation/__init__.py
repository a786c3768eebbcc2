"""A realistic synthetic network (cities, multilingual practices) for load tests and benchmarks.

- phrases.py: parallel phrase banks (en, fr, ar, es, tr) about preventing violent extremism;
- places.py: invented but plausible city names per region;
- specs.py: one city or practice drawn from a seeded random source (no database);
- network.py: bulk writes in batches, `generate_network()` and `clear_network()`.

Used by `manage.py generate_network` and benchmarks/search.py.
"""
