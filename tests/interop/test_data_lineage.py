"""Lineage through Cairn dataset versions with the real mlflow client: a version added over
/api/v1 is linked to the runs whose `mlflow.log_input` names it, by its source path (MLflow's
pandas digest is its own short hash, never the file's SHA-256), by its URL on the server, or
by a digest the user set to a prefix of the version's (MLflow caps digests at 36 characters),
and the graph runs dataset version → run → logged model → model version."""

import hashlib
import json
import urllib.parse
import urllib.request

import mlflow
import mlflow.data
import mlflow.sklearn
import pandas as pd
from sklearn.linear_model import LogisticRegression


def _v1(tracking_uri, method, path, body=None, raw=None):
    if raw is not None:
        data, content_type = raw, "application/octet-stream"
    else:
        data, content_type = None if body is None else json.dumps(body).encode(), "application/json"
    request = urllib.request.Request(
        f"{tracking_uri}/api/v1{path}",
        method=method,
        data=data,
        headers={"Content-Type": content_type},
    )
    with urllib.request.urlopen(request, timeout=20) as response:
        return response.status, json.loads(response.read() or b"null")


def _lineage(tracking_uri, entity, direction):
    query = urllib.parse.urlencode({"entity": entity, "direction": direction})
    status, graph = _v1(tracking_uri, "GET", f"/lineage?{query}")
    assert status == 200
    return graph


def _edges(graph):
    return {(edge["from"], edge["relation"], edge["to"]) for edge in graph["edges"]}


def _add_version(tracking_uri, name, csv_path):
    content = csv_path.read_bytes()
    digest = hashlib.sha256(content).hexdigest()
    status, stored = _v1(tracking_uri, "PUT", f"/datasets/{name}/objects/{digest}", raw=content)
    assert status == 200 and stored["digest"] == digest
    status, added = _v1(
        tracking_uri,
        "POST",
        f"/datasets/{name}/versions",
        {
            "content": {
                "kind": "file",
                "entry": {"path": "train.csv", "digest": digest, "size": len(content)},
            },
            "sourceUri": str(csv_path),
        },
    )
    assert status == 201 and added["created"]
    return added["version"]


def test_log_input_links_runs_to_a_dataset_version(
    client, experiment_id, unique_name, tracking_uri, tmp_path
):
    csv_path = (tmp_path / "train.csv").resolve()
    frame = pd.DataFrame({"x": [0.1, 0.4, 0.35, 0.8, 0.9, 0.05], "y": [0, 0, 0, 1, 1, 0]})
    frame.to_csv(csv_path, index=False)
    version = _add_version(tracking_uri, unique_name, csv_path)
    assert version["version"] == 1
    node = f"dataset_version:{unique_name}@1"

    df = pd.read_csv(csv_path)
    with mlflow.start_run() as by_path:
        mlflow.log_input(
            mlflow.data.from_pandas(df, source=str(csv_path), name="train"), context="training"
        )
        model = LogisticRegression().fit(df[["x"]], df["y"])
        mlflow.sklearn.log_model(model, name="model", registered_model_name=unique_name)
    version_url = f"{tracking_uri}/api/v1/datasets/{unique_name}/versions/1"
    with mlflow.start_run() as by_url:
        mlflow.log_input(mlflow.data.from_pandas(df, source=version_url, name="remote"))
    with mlflow.start_run() as by_digest:
        # Somewhere no version was added from: only the digest can link this input.
        elsewhere = str((tmp_path / "features.csv").resolve())
        mlflow.log_input(
            mlflow.data.from_pandas(
                df, source=elsewhere, name="features", digest=version["digest"][:32]
            )
        )
    with mlflow.start_run() as unrelated:
        mlflow.log_input(
            mlflow.data.from_pandas(df, source=f"{csv_path}.copy", name="copy"), context="eval"
        )
    path_run, url_run = f"run:{by_path.info.run_id}", f"run:{by_url.info.run_id}"
    digest_run = f"run:{by_digest.info.run_id}"
    logged = client.get_run(by_digest.info.run_id).inputs.dataset_inputs[0].dataset
    assert logged.digest == version["digest"][:32]
    logged_model = client.search_logged_models(experiment_ids=[experiment_id])[0]

    downstream = _lineage(tracking_uri, node, "downstream")
    assert downstream["root"] == node
    edges = _edges(downstream)
    assert (node, "input", path_run) in edges
    assert (node, "input", url_run) in edges
    assert (node, "input", digest_run) in edges
    assert not any(unrelated.info.run_id in edge[2] for edge in edges)
    model_node = f"logged_model:{logged_model.model_id}"
    assert (path_run, "produced", model_node) in edges
    assert (model_node, "registered", f"model_version:{unique_name}/1") in edges
    root = next(n for n in downstream["nodes"] if n["kind"] == "dataset_version")
    assert root["attributes"]["digest"] == version["digest"]
    assert root["attributes"]["sourceUri"] == str(csv_path)

    for run in (path_run, url_run, digest_run):
        upstream = _lineage(tracking_uri, run, "upstream")
        assert (node, "input", run) in _edges(upstream)
        # The resolved input replaces the plain MLflow dataset node.
        assert not any(n["kind"] == "dataset" for n in upstream["nodes"])
    unresolved = _lineage(tracking_uri, f"run:{unrelated.info.run_id}", "upstream")
    assert [n["kind"] for n in unresolved["nodes"] if n["kind"].startswith("dataset")] == [
        "dataset"
    ]

    from_model = _lineage(tracking_uri, f"model_version:{unique_name}/1", "upstream")
    assert (node, "input", path_run) in _edges(from_model)
