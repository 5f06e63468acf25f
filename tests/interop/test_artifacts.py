"""Artifacts through the client: log_dict/log_text/log_artifact(s), listing, downloads."""

import json
import os

import mlflow


def test_log_and_download_artifacts(client, experiment_id, tmp_path):
    source = tmp_path / "source"
    (source / "nested" / "deeper").mkdir(parents=True)
    (source / "a.txt").write_text("alpha")
    (source / "nested" / "b.bin").write_bytes(bytes(range(256)) * 64)
    (source / "nested" / "deeper" / "c.csv").write_text("x,y\n1,2\n")
    single = tmp_path / "single.txt"
    single.write_text("just one file")

    with mlflow.start_run() as run:
        mlflow.log_dict({"lr": 0.1, "layers": [1, 2, 3]}, "config/params.json")
        mlflow.log_text("hello cairn", "notes/readme.txt")
        mlflow.log_artifact(str(single))
        mlflow.log_artifact(str(single), artifact_path="copies")
        mlflow.log_artifacts(str(source), artifact_path="tree")
    run_id = run.info.run_id

    top = sorted((f.path, f.is_dir) for f in client.list_artifacts(run_id))
    assert top == [
        ("config", True),
        ("copies", True),
        ("notes", True),
        ("single.txt", False),
        ("tree", True),
    ]
    nested = {f.path: f for f in client.list_artifacts(run_id, "tree/nested")}
    assert nested["tree/nested/b.bin"].file_size == 256 * 64
    assert nested["tree/nested/deeper"].is_dir

    assert mlflow.artifacts.load_dict(f"runs:/{run_id}/config/params.json") == {
        "lr": 0.1,
        "layers": [1, 2, 3],
    }
    assert mlflow.artifacts.load_text(f"runs:/{run_id}/notes/readme.txt") == "hello cairn"

    out = tmp_path / "out"
    out.mkdir()
    local = client.download_artifacts(run_id, "tree", str(out))
    assert open(os.path.join(local, "a.txt")).read() == "alpha"
    assert open(os.path.join(local, "nested", "b.bin"), "rb").read() == bytes(range(256)) * 64
    assert open(os.path.join(local, "nested", "deeper", "c.csv")).read() == "x,y\n1,2\n"

    everything = mlflow.artifacts.download_artifacts(
        run_id=run_id, dst_path=str(tmp_path / "all")
    )
    assert open(os.path.join(everything, "copies", "single.txt")).read() == "just one file"
    with open(os.path.join(everything, "config", "params.json")) as handle:
        assert json.load(handle)["layers"] == [1, 2, 3]


def test_overwriting_an_artifact_keeps_the_latest_bytes(client, experiment_id, tmp_path):
    path = tmp_path / "model.txt"
    with mlflow.start_run() as run:
        path.write_text("v1")
        mlflow.log_artifact(str(path))
        path.write_text("version two")
        mlflow.log_artifact(str(path))
    assert mlflow.artifacts.load_text(f"runs:/{run.info.run_id}/model.txt") == "version two"
    [entry] = client.list_artifacts(run.info.run_id)
    assert entry.file_size == len("version two")


def test_empty_run_lists_no_artifacts(client, experiment_id):
    with mlflow.start_run() as run:
        pass
    assert client.list_artifacts(run.info.run_id) == []
