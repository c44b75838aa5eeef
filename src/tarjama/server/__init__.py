"""``tarjama serve``: a translation memory as an HTTP JSON service (FastAPI on uvicorn).

:mod:`config` and :mod:`run` import without the ``server`` extra; :mod:`app` (the routes)
and :mod:`pg` (the PostgreSQL store's pool) need it.
"""
