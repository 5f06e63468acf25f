"""A protected alias through the real mlflow client: moving or deleting it directly is refused
with INVALID_PARAMETER_VALUE naming the approval request, and the alias keeps its version."""

import json
import urllib.request

import mlflow
import mlflow.sklearn
import pytest
from mlflow.exceptions import MlflowException
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression


def _v1(tracking_uri, method, path, body=None):
    request = urllib.request.Request(
        f"{tracking_uri}/api/v1{path}",
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=20) as response:
        return response.status


def test_a_protected_alias_refuses_direct_moves(client, experiment_id, unique_name, tracking_uri):
    features, labels = load_iris(return_X_y=True, as_frame=True)
    model = LogisticRegression(max_iter=500).fit(features, labels)
    for _ in range(2):
        with mlflow.start_run():
            mlflow.sklearn.log_model(model, name="model", registered_model_name=unique_name)
    client.set_registered_model_alias(unique_name, "champion", "1")
    path = f"/registered-models/{unique_name}/protected-aliases/champion"
    assert _v1(tracking_uri, "PUT", path, {}) == 200

    for attempt in (
        lambda: client.set_registered_model_alias(unique_name, "champion", "2"),
        lambda: client.delete_registered_model_alias(unique_name, "champion"),
        lambda: client.delete_model_version(unique_name, "1"),
    ):
        with pytest.raises(MlflowException) as refused:
            attempt()
        assert refused.value.error_code == "INVALID_PARAMETER_VALUE"
        assert "approval request" in refused.value.message
    assert client.get_model_version_by_alias(unique_name, "champion").version == "1"
    # Other aliases stay free; lifting the protection frees this one again.
    client.set_registered_model_alias(unique_name, "challenger", "2")
    assert _v1(tracking_uri, "DELETE", path) == 204
    client.set_registered_model_alias(unique_name, "champion", "2")
    assert client.get_model_version_by_alias(unique_name, "champion").version == "2"
