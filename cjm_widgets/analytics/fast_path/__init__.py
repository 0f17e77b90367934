"""The fast path of ``from_events`` for in-memory pandas and eager Polars logs.

The log becomes integer arrays (:mod:`.log_arrays`, with the C text encoder
``_text_encoder.c``), then one compiled walk (:mod:`.journey_pass`, C) or its
numpy twin (:mod:`.numpy_pass`, where no compiler was at hand) computes the
same tables the engine-neutral path would. Nothing outside analytics uses it.
"""
