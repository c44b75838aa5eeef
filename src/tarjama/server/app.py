"""The HTTP service of ``tarjama serve``: amaGama-compatible reads, tarjama's own versioned
API, health and an OpenAPI document, over one memory store (files or PostgreSQL).

Every answer is JSON, errors included (``{"error": CODE, "message": TEXT}``): bad requests
get 4xx, a database that does not answer 503, and never a stack trace.
"""

from __future__ import annotations

import contextlib
import logging
import tempfile
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tarjama import __version__
from tarjama.errors import FormatError, InputError, LanguageError, TarjamaError, UsageError
from tarjama.languages import normalize_tag
from tarjama.memory.commands import find, lookup_payload
from tarjama.server.config import (
    MAX_BODY_MB,
    MAX_LIMIT,
    MAX_TEXT_CHARS,
    MAX_UNITS,
    ServeConfig,
    Tokens,
)
from tarjama.server.stores import ReadOnly, ServedMemory, UnitIn, holds_source, open_served

log = logging.getLogger("tarjama.server")

# A request line longer than this (a 1 MB text in a URL) is refused with 414; a text of
# MAX_TEXT_CHARS Arabic letters, quoted, fits.
MAX_URL_BYTES = 256 * 1024
# amaGama's defaults and floor (amaGama docs/api.rst): similarity 70, at least 30; 5 results.
AMAGAMA_MIN_SIMILARITY = 70
AMAGAMA_FLOOR = 30
AMAGAMA_CANDIDATES = 5
# Answers to reads while the database is down are refused within this (seconds).
UNAVAILABLE_WITHIN = 2.0

UPLOAD_TYPES = {
    "application/x-tmx+xml": ".tmx",
    "application/xml": ".tmx",
    "text/xml": ".tmx",
    "text/x-po": ".po",
    "text/x-gettext-translation": ".po",
    "application/x-gettext": ".po",
    "application/x-po": ".po",
}


class ApiError(HTTPException):
    """An HTTP error with a stable machine-readable code."""

    def __init__(self, status: int, code: str, message: str,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(status_code=status, detail=message, headers=headers)
        self.code = code


def _error(status: int, code: str, message: str,
           headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status,
                        headers=headers)


_HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 413: "too_large", 414: "uri_too_long",
               415: "unsupported_media_type", 422: "invalid_request", 503: "unavailable"}


def _database_down(exc: BaseException) -> bool:
    """A failure to reach PostgreSQL, however it reached us (the store's DatabaseUnavailable,
    or psycopg's own error where a store let one through)."""
    import tarjama.errors as errors

    unavailable = getattr(errors, "DatabaseUnavailable", None)
    if unavailable is not None and isinstance(exc, unavailable):
        return True
    names = {cls.__module__.split(".")[0] + "." + cls.__name__ for cls in type(exc).__mro__}
    return bool(names & {"psycopg.OperationalError", "psycopg_pool.PoolTimeout",
                         "psycopg_pool.PoolClosed", "psycopg.InterfaceError"})


def _tarjama_status(exc: TarjamaError) -> tuple[int, str]:
    if _database_down(exc):
        return 503, "database_unavailable"
    if isinstance(exc, ReadOnly):
        return 405, "read_only"
    if isinstance(exc, LanguageError):
        return 400, "bad_language"
    if isinstance(exc, FormatError | InputError):
        return 422, "bad_input"
    if isinstance(exc, UsageError):
        return 400, "bad_request"
    return 400, "bad_request"


def _install_error_handlers(app: FastAPI) -> None:
    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        code = getattr(exc, "code", None) or _HTTP_CODES.get(exc.status_code, "error")
        return _error(exc.status_code, code, str(exc.detail),
                      dict(exc.headers) if exc.headers else None)

    async def invalid(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        problems = []
        for problem in exc.errors():
            where = ".".join(str(part) for part in problem.get("loc", ()) if part != "body")
            problems.append(f"{where}: {problem.get('msg', 'invalid')}" if where
                            else str(problem.get("msg", "invalid")))
        return _error(422, "invalid_request", "; ".join(problems) or "invalid request")

    async def tarjama_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, TarjamaError)
        status, code = _tarjama_status(exc)
        headers = {"Retry-After": "1"} if status == 503 else None
        return _error(status, code, " ".join(str(exc).split()), headers)

    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        if _database_down(exc):
            return _error(503, "database_unavailable",
                          f"the memory database does not answer ({type(exc).__name__})",
                          {"Retry-After": "1"})
        log.exception("internal error on %s %s", request.method, request.url.path)
        return _error(500, "internal", "internal error; the server's log says where")

    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(TarjamaError, tarjama_error)
    app.add_exception_handler(Exception, unexpected)


class LimitRequests:
    """Refuse oversized requests before the app reads them: a request line over
    :data:`MAX_URL_BYTES` (414) and a body over ``max_body_mb`` (413), whether it says its
    length or streams it."""

    def __init__(self, app: ASGIApp, max_body_mb: int = MAX_BODY_MB) -> None:
        self.app = app
        self.max_body = max_body_mb * 1024 * 1024

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        url_bytes = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        if url_bytes > MAX_URL_BYTES:
            await _error(414, "uri_too_long",
                         f"the URL is {url_bytes} bytes long; the limit is {MAX_URL_BYTES} "
                         "(send long texts in a POST body)")(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            await self._too_large(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise ApiError(413, "too_large", self._message())
            return message

        await self.app(scope, counted, send)

    def _message(self) -> str:
        return (f"the request body is over {self.max_body // (1024 * 1024)} MB; import big "
                "files with 'tarjama memory import'")

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        await _error(413, "too_large", self._message(),
                     {"Connection": "close"})(scope, receive, send)


def check_text(name: str, value: str | None) -> None:
    """Refuse a text over :data:`MAX_TEXT_CHARS` characters with 413."""
    if value is not None and len(value) > MAX_TEXT_CHARS:
        raise ApiError(413, "too_large", f"{name} is {len(value)} characters long; the limit "
                       f"is {MAX_TEXT_CHARS}")


def _pair(source_lang: str, target_lang: str) -> tuple[str, str]:
    return normalize_tag(source_lang), normalize_tag(target_lang)


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _unauthorized(message: str) -> ApiError:
    return ApiError(401, "unauthorized", message, {"WWW-Authenticate": "Bearer"})


@dataclass
class Service:
    """The app's one dependency: the store and who may do what."""

    store: ServedMemory
    tokens: Tokens

    def reader(self, request: Request) -> None:
        if not self.tokens.may_read(_bearer(request)):
            raise _unauthorized("reads need a bearer token (Authorization: Bearer TOKEN)")

    def writer(self, request: Request) -> None:
        if not self.tokens.write:
            raise _unauthorized("this server takes no writes (it was started without "
                                "--token-file)")
        if not self.tokens.may_write(_bearer(request)):
            raise _unauthorized("writes need a valid bearer token (Authorization: Bearer "
                                "TOKEN)")


def _amagama_number(raw: str | None, default: int) -> int:
    """amaGama reads its numeric options leniently: a value that is not an integer is as if
    not given."""
    try:
        return int(raw) if raw is not None else default
    except ValueError:
        return default


def create_app(store: ServedMemory, tokens: Tokens, *,
               max_body_mb: int = MAX_BODY_MB) -> FastAPI:
    """The FastAPI application serving ``store`` (request bodies up to ``max_body_mb``)."""
    service = Service(store, tokens)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if store.threads:
            # No more requests at once than the store has connections: a request then never
            # waits for a connection (and times out as if the database were down) because
            # others hold them all.
            import anyio.to_thread

            anyio.to_thread.current_default_thread_limiter().total_tokens = store.threads
        yield
        store.close()

    app = FastAPI(
        title="tarjama translation memory",
        version=__version__,
        description="A shared translation memory: tarjama's API (/api/v1) and amaGama's "
                    "(/tmserver), for Weblate, Virtaal and scripts. Writes need a bearer "
                    "token.",
        lifespan=lifespan,
        redoc_url=None,
    )
    _install_error_handlers(app)
    app.add_middleware(LimitRequests, max_body_mb=max_body_mb)
    reader = Depends(service.reader)
    writer = Depends(service.writer)
    _routes_v1(app, service, reader, writer)
    _routes_amagama(app, service, reader)

    @app.get("/healthz", tags=["service"], summary="200 when the memory answers, else 503")
    def healthz() -> JSONResponse:
        try:
            store.ping()
        except TarjamaError as exc:
            return _error(503, "unavailable", " ".join(str(exc).split()), {"Retry-After": "1"})
        return JSONResponse({"status": "ok", "memory": "postgresql" if store.writable
                             else "files", "version": __version__})

    return app


def _routes_v1(app: FastAPI, service: Service, reader: Any, writer: Any) -> None:
    store = service.store

    @app.get("/api/v1/lookup", tags=["tarjama"], dependencies=[reader],
             summary="The best matches of a text, as 'tarjama lookup --format json' gives them")
    def lookup(
        text: str, source_lang: str, target_lang: str,
        context: str | None = None,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 5,
        threshold: Annotated[float, Query(ge=0, le=100)] = 50.0,
    ) -> JSONResponse:
        check_text("text", text)
        check_text("context", context)
        with store.memory(*_pair(source_lang, target_lang)) as memory:
            found = find(memory, text, where=store.name, limit=limit, min_score=threshold,
                         context=context)
        return JSONResponse(lookup_payload(text, found))

    @app.get("/api/v1/concordance", tags=["tarjama"], dependencies=[reader],
             summary="The units whose source contains a word or phrase")
    def concordance(
        text: str, source_lang: str, target_lang: str,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    ) -> JSONResponse:
        check_text("text", text)
        with store.memory(*_pair(source_lang, target_lang)) as memory:
            found = find(memory, text, where=store.name, limit=limit, concordance=True)
        return JSONResponse(lookup_payload(text, found, concordance=True))

    @app.post("/api/v1/units", tags=["tarjama"], dependencies=[writer],
              summary="Add or update units: a JSON list, or a TMX or PO file",
              openapi_extra={"requestBody": _UNITS_BODY})
    async def add_units(request: Request) -> JSONResponse:
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind == "application/json":
            body = await request.body()
            return await _run(_add_json, store, body)
        if kind == "multipart/form-data":
            return await _upload_form(store, request)
        if kind in UPLOAD_TYPES:
            return await _upload_raw(store, request, UPLOAD_TYPES[kind])
        raise ApiError(415, "unsupported_media_type",
                       "send a JSON list of units (application/json), or a TMX or PO file "
                       "(multipart/form-data field 'file', or application/x-tmx+xml, "
                       "text/x-gettext-translation)")


_UNIT_SCHEMA = {
    "type": "object",
    "required": ["source", "target", "source_lang", "target_lang"],
    "additionalProperties": False,
    "properties": {name: {"type": "string"} for name in (
        "source", "target", "source_lang", "target_lang", "context", "origin", "note")},
}
_UNITS_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": {"type": "array", "items": _UNIT_SCHEMA,
                                        "maxItems": MAX_UNITS}},
        "multipart/form-data": {"schema": {
            "type": "object", "required": ["file"],
            "properties": {"file": {"type": "string", "format": "binary"},
                           "origin": {"type": "string"}, "source_lang": {"type": "string"},
                           "target_lang": {"type": "string"}}}},
        "application/x-tmx+xml": {"schema": {"type": "string", "format": "binary"}},
        "text/x-gettext-translation": {"schema": {"type": "string", "format": "binary"}},
    },
}


async def _run(function: Callable[..., dict[str, Any]], *args: Any) -> JSONResponse:
    """Run a blocking store call in the thread pool."""
    from starlette.concurrency import run_in_threadpool

    return JSONResponse(await run_in_threadpool(function, *args))


_UNIT_FIELDS = frozenset(str(name) for name in _UNIT_SCHEMA["properties"])  # type: ignore[attr-defined]


def _unit_fields(number: int, item: object) -> dict[str, str | None]:
    """The fields of the ``number``-th unit of a JSON list, checked."""
    where = f"unit {number}"
    if not isinstance(item, dict):
        raise ApiError(422, "invalid_request", f"{where}: not an object")
    unknown = sorted(set(item) - _UNIT_FIELDS)
    if unknown:
        raise ApiError(422, "invalid_request", f"{where}: unknown field {unknown[0]!r}")
    fields: dict[str, str | None] = {}
    for name in _UNIT_FIELDS:
        value = item.get(name)
        if value is not None and not isinstance(value, str):
            raise ApiError(422, "invalid_request", f"{where}: {name} is not a string")
        check_text(f"{where}: {name}", value)
        fields[name] = value
    for name in ("source", "target", "source_lang", "target_lang"):
        if not fields[name] or not str(fields[name]).strip():
            raise ApiError(422, "invalid_request", f"{where}: {name} is missing or empty")
    return fields


def _add_json(store: ServedMemory, body: bytes) -> dict[str, Any]:
    import json

    try:
        items = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, "bad_json", f"the body is not JSON: {exc}") from exc
    if not isinstance(items, list) or not items:
        raise ApiError(422, "invalid_request", "send a non-empty JSON list of units")
    if len(items) > MAX_UNITS:
        raise ApiError(413, "too_large", f"{len(items)} units in one request; the limit is "
                       f"{MAX_UNITS}")
    groups: dict[tuple[str, str, str], list[UnitIn]] = {}
    for number, item in enumerate(items, 1):
        fields = _unit_fields(number, item)
        try:
            pair = _pair(str(fields["source_lang"]), str(fields["target_lang"]))
        except LanguageError as exc:
            raise ApiError(422, "bad_language", f"unit {number}: {exc.message}") from exc
        key = (*pair, fields["origin"] or "api")
        groups.setdefault(key, []).append(UnitIn(
            source=str(fields["source"]), target=str(fields["target"]),
            context=fields["context"], note=fields["note"]))
    totals: dict[str, int] = {}
    for (source_lang, target_lang, origin), units in groups.items():
        report = store.add_units(units, origin=origin, source_lang=source_lang,
                                 target_lang=target_lang)
        for name, count in report.items():
            totals[name] = totals.get(name, 0) + count
    return {"units": len(items), **totals}


async def _upload_form(store: ServedMemory, request: Request) -> JSONResponse:
    form = await request.form(max_files=1, max_fields=8)
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        raise ApiError(422, "invalid_request", "the form has no file field 'file'")
    name = Path(upload.filename or "upload").name
    suffix = Path(name).suffix.lower()
    if suffix not in (".tmx", ".po", ".pot"):
        raise ApiError(415, "unsupported_media_type",
                       f"{name}: upload a TMX (.tmx) or PO (.po) file")
    with tempfile.TemporaryDirectory(prefix="tarjama-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as out:
            while chunk := await upload.read(1 << 20):
                out.write(chunk)
        options = {key: form.get(key) for key in ("origin", "source_lang", "target_lang")}
        return await _run(_import, store, str(path), name, _texts(options))


async def _upload_raw(store: ServedMemory, request: Request, suffix: str) -> JSONResponse:
    params = request.query_params
    name = Path(params.get("filename") or f"upload{suffix}").name
    with tempfile.TemporaryDirectory(prefix="tarjama-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as out:
            async for chunk in request.stream():
                out.write(chunk)
        options = {key: params.get(key) for key in ("origin", "source_lang", "target_lang")}
        return await _run(_import, store, str(path), name, _texts(options))


def _texts(options: dict[str, Any]) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for key, value in options.items():
        if value is not None and not isinstance(value, str):
            raise ApiError(422, "invalid_request", f"{key} is not text")
        check_text(key, value)
        found[key] = value or None
    return found


def _import(store: ServedMemory, path: str, name: str,
            options: dict[str, str | None]) -> dict[str, Any]:
    source_lang = options["source_lang"]
    target_lang = options["target_lang"]
    try:
        source_lang = normalize_tag(source_lang) if source_lang else None
        target_lang = normalize_tag(target_lang) if target_lang else None
        report = store.import_file(path, origin=options["origin"] or name,
                                   source_lang=source_lang, target_lang=target_lang)
    except TarjamaError as exc:
        # Errors name the file as the client sent it, not our temporary copy.
        if exc.path == path:
            exc.path = name
        raise
    return {"file": name, **report}


def _routes_amagama(app: FastAPI, service: Service, reader: Any) -> None:
    store = service.store

    def suggestions(source_lang: str, target_lang: str, text: str,
                    min_similarity: str | None, max_candidates: str | None) -> JSONResponse:
        try:
            pair = _pair(source_lang, target_lang)
        except LanguageError as exc:
            raise ApiError(404, "not_found", exc.message) from exc
        if pair[0].lower() == pair[1].lower():
            raise ApiError(404, "not_found", "the source and target languages are the same")
        if not holds_source(store, pair[0]):
            raise ApiError(404, "not_found", f"no units with the source language {pair[0]}")
        check_text("the text", text)
        similarity = max(_amagama_number(min_similarity, AMAGAMA_MIN_SIMILARITY),
                         AMAGAMA_FLOOR)
        candidates = min(max(_amagama_number(max_candidates, AMAGAMA_CANDIDATES), 1),
                         MAX_LIMIT)
        try:
            with store.memory(*pair) as memory:
                found = find(memory, text, where=store.name, limit=candidates,
                             min_score=similarity)
        except (LanguageError, UsageError):
            # No units in that target language, a text in another script, an empty text:
            # amaGama answers these with an empty list.
            found = []
        return JSONResponse([_amagama_result(match) for match, _ in found if match])

    @app.get("/tmserver/{source_lang}/{target_lang}/unit/{text:path}", tags=["amaGama"],
             dependencies=[reader],
             summary="amaGama's TM suggestions: [{source, target, quality, rank}]",
             description="The text is the rest of the path, URL-quoted (or, with an empty "
                         "path, the query parameter 'source'). min_similarity: 30-100, "
                         "default 70; max_candidates: default 5.")
    def amagama_unit(source_lang: str, target_lang: str, text: str, source: str = "",
                     min_similarity: str | None = None,
                     max_candidates: str | None = None) -> JSONResponse:
        text = text or source
        if not text:
            raise ApiError(404, "not_found", "no text to look up")
        return suggestions(source_lang, target_lang, text, min_similarity, max_candidates)

    @app.get("/tmserver/languages/", tags=["amaGama"], dependencies=[reader],
             summary="The source and target languages held, in amaGama's form")
    def amagama_languages() -> JSONResponse:
        pairs = store.pairs()
        return JSONResponse({
            "sourceLanguages": _amagama_codes(source for source, _ in pairs),
            "targetLanguages": _amagama_codes(target for _, target in pairs),
        })


def _amagama_codes(codes: Any) -> list[str]:
    """Codes as amaGama and Weblate's tmserver machinery write them: ``en``, ``en_gb``
    (Weblate lower-cases them and writes ``_`` for ``-``)."""
    return sorted({str(code).replace("-", "_").lower() for code in codes})


def _amagama_result(match: Any) -> dict[str, object]:
    score = float(match.score)
    return {"source": match.unit.source, "target": match.target, "quality": score,
            "rank": score}


def app_from_environment() -> FastAPI:
    """The app of one worker process, configured by ``tarjama serve`` (uvicorn's factory)."""
    config = ServeConfig.from_environment()
    return create_app(open_served(config.memories), config.tokens(),
                      max_body_mb=config.max_body_mb)


def served(memories: Sequence[str], tokens: Tokens) -> FastAPI:
    """An app over ``memories`` (files or one PostgreSQL URL), for embedding and tests."""
    return create_app(open_served(memories), tokens)
