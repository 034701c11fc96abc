"""A small client for the cyberkg HTTP API, for notebooks.

    from cyberkg_client import Client
    kg = Client("http://localhost:8080")
    kg.query("members_with_agreement_by_bloc", bloc="BRICS", country="RUS", as_of="2021-06-28")

Answers come back as pandas DataFrames (one row per answer row; sources stay a
list of dicts per row) or, for graph-shaped answers, networkx graphs. Errors
raise CyberkgError with the API's problem details (which parameter, why).
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterator
from typing import Any

import networkx as nx
import pandas as pd
import requests

__all__ = ["Client", "CyberkgError"]


class CyberkgError(Exception):
    """An error answer of the API (RFC 9457 problem details)."""

    def __init__(self, status: int, problem: dict[str, Any]):
        self.status = status
        self.problem = problem
        self.param = problem.get("param")
        where = f" (parameter {self.param})" if self.param else ""
        super().__init__(f"{status} {problem.get('code', '')}: {problem.get('detail', problem)}{where}")


def _plain(value: Any) -> Any:
    """Dates and lists as the API expects them in a query string."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


class Client:
    """The cyberkg API at base_url."""

    def __init__(self, base_url: str = "http://localhost:8080", timeout: float = 30.0):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()

    def _get(self, path: str, **params: Any) -> Any:
        params = {k: _plain(v) for k, v in params.items() if v is not None}
        res = self.session.get(self.base_url + path, params=params, timeout=self.timeout)
        return self._answer(res)

    def _answer(self, res: requests.Response) -> Any:
        if res.status_code >= 400:
            try:
                problem = res.json()
            except ValueError:
                problem = {"detail": res.text}
            raise CyberkgError(res.status_code, problem)
        return res.json()

    def queries(self) -> pd.DataFrame:
        """The catalog: one row per named query, with its parameters."""
        return pd.DataFrame(self._get("/v1/queries")["queries"])

    def query(self, name: str, *, max_rows: int | None = 10_000, page_size: int = 1000, **params: Any) -> pd.DataFrame:
        """Run a named query; parameters as keyword arguments (dates may be datetime.date).

        The API answers a page at a time; this follows the pages until the
        answer ends or max_rows rows are read (None: every row), and warns
        when it stops early.
        """
        rows: list[dict[str, Any]] = []
        columns: list[str] = []
        for page in self.pages(name, limit=page_size, **params):
            columns = page["columns"]
            rows.extend(page["rows"])
            if max_rows is not None and len(rows) >= max_rows and page["page"].get("next"):
                warnings.warn(f"{name}: stopped at max_rows={max_rows}; the answer has more (max_rows=None reads all)", stacklevel=2)
                rows = rows[:max_rows]
                break
        return pd.DataFrame(rows, columns=columns)

    def pages(self, name: str, limit: int = 100, **params: Any) -> Iterator[dict[str, Any]]:
        """The answer of a named query page by page, as the API gives them.

        Each page's "page" says where it lies ("offset", "total" on the last,
        "more_than" before it); the pages after the first continue the same
        answer, as the graph stood when the first was read.
        """
        answer = self._get(f"/v1/queries/{name}", limit=limit, **params)
        yield answer
        while answer["page"].get("next"):
            answer = self._get(f"/v1/queries/{name}", cursor=answer["page"]["next"], limit=limit)
            yield answer

    def cypher(self, statement: str, timeout_ms: int | None = None, max_rows: int | None = None, **parameters: Any) -> pd.DataFrame:
        """Run your own read-only Cypher through the API's guard."""
        body: dict[str, Any] = {"statement": statement, "parameters": {k: _plain(v) for k, v in parameters.items()}}
        if timeout_ms:
            body["timeout_ms"] = timeout_ms
        if max_rows:
            body["max_rows"] = max_rows
        res = self.session.post(self.base_url + "/v1/cypher", json=body, timeout=self.timeout)
        answer = self._answer(res)
        return pd.DataFrame(answer["rows"], columns=answer["columns"])

    def entity(self, id: str) -> dict[str, Any]:
        """One entity with its properties, relationships and sources."""
        return self._get(f"/v1/entities/{requests.utils.quote(id, safe='')}")

    def search(self, q: str, kind: str | None = None, limit: int = 10) -> pd.DataFrame:
        """Entities whose names or aliases match q, in any language."""
        return pd.DataFrame(self._get("/v1/search", q=q, kind=kind, limit=limit)["hits"])

    def neighbourhood(self, id: str, depth: int = 1, as_of: Any = None, limit: int = 100, include_sources: bool = False) -> nx.MultiDiGraph:
        """The neighbourhood of an entity as a networkx graph (node and edge attributes from the API)."""
        answer = self._get(f"/v1/entities/{requests.utils.quote(id, safe='')}/neighbourhood",
                           depth=depth, as_of=as_of, limit=limit, include_sources=include_sources)
        return to_networkx(answer["graph"])

    def paths(self, source: str, target: str, max_length: int = 4, as_of: Any = None) -> list[list[str]]:
        """The shortest paths between two entities, as lists of ids."""
        answer = self._get("/v1/paths", **{"from": source, "to": target, "max_length": max_length, "as_of": as_of})
        return [p["nodes"] for p in answer["paths"]]

    def export(self, format: str = "json", **params: Any) -> bytes:
        """The /v1/export download (json, csv zip or graphml) as bytes."""
        params = {k: _plain(v) for k, v in params.items() if v is not None}
        res = self.session.get(self.base_url + "/v1/export", params={"format": format, **params}, timeout=self.timeout)
        if res.status_code >= 400:
            self._answer(res)
        return res.content


def to_networkx(graph: dict[str, Any]) -> nx.MultiDiGraph:
    """A {"nodes", "edges"} answer of the API as a networkx MultiDiGraph."""
    g = nx.MultiDiGraph()
    for n in graph["nodes"]:
        g.add_node(n["id"], kind=n["kind"], name=n["name"], **{f"p_{k}": v for k, v in n["properties"].items()})
    for e in graph["edges"]:
        g.add_edge(e["source"], e["target"], key=e["id"], type=e["type"], **e["properties"])
    return g
