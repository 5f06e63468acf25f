"""The model registry through the real mlflow client: register, alias, load, search, tag,
stage, rename, delete. Every test works on its own uniquely named registered models."""

import mlflow
import mlflow.sklearn
import numpy as np
import pytest
from mlflow.exceptions import MlflowException
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression


def _fit(c):
    features, labels = load_iris(return_X_y=True, as_frame=True)
    return features, LogisticRegression(C=c, max_iter=500).fit(features, labels)


def test_log_model_registers_versions_loadable_by_alias_number_and_latest(
    client, experiment_id, unique_name
):
    features, first = _fit(1.0)
    _, second = _fit(0.01)
    with mlflow.start_run():
        info1 = mlflow.sklearn.log_model(first, name="model", registered_model_name=unique_name)
    with mlflow.start_run() as run2:
        info2 = mlflow.sklearn.log_model(second, name="model", registered_model_name=unique_name)
    # The client reports the version as the wire gives it: a decimal string.
    assert info1.registered_model_version == "1"
    assert info2.registered_model_version == "2"

    v2 = client.get_model_version(unique_name, "2")
    assert v2.status == "READY"
    assert v2.run_id == run2.info.run_id
    # (model_id is on the wire, but this client's ModelVersion.from_proto does not read it.)
    assert v2.source == f"models:/{info2.model_id}"

    client.set_registered_model_alias(unique_name, "champion", "1")
    assert client.get_model_version_by_alias(unique_name, "champion").version == "1"
    assert client.get_registered_model(unique_name).aliases == {"champion": "1"}

    by_alias = mlflow.pyfunc.load_model(f"models:/{unique_name}@champion")
    np.testing.assert_array_equal(by_alias.predict(features), first.predict(features))
    by_number = mlflow.sklearn.load_model(f"models:/{unique_name}/1")
    np.testing.assert_array_equal(by_number.predict(features), first.predict(features))
    latest = mlflow.sklearn.load_model(f"models:/{unique_name}/latest")
    np.testing.assert_array_equal(latest.predict(features), second.predict(features))

    uri = client.get_model_version_download_uri(unique_name, "2")
    assert uri.startswith("mlflow-artifacts:")

    client.delete_registered_model_alias(unique_name, "champion")
    with pytest.raises(MlflowException) as raised:
        client.get_model_version_by_alias(unique_name, "champion")
    # MLflow's own stores answer an unset alias this way, and client code matches it.
    assert raised.value.error_code == "INVALID_PARAMETER_VALUE"
    assert "Registered model alias champion not found." in str(raised.value)


def test_search_registered_models_and_versions_with_filters(client, experiment_id, unique_name):
    _, model = _fit(1.0)
    with mlflow.start_run() as run:
        info = mlflow.sklearn.log_model(model, name="model")
    for suffix in ("a", "b", "c"):
        client.create_registered_model(f"{unique_name}-{suffix}", tags={"suite": unique_name})
        client.create_model_version(
            f"{unique_name}-{suffix}",
            f"models:/{info.model_id}",
            run_id=run.info.run_id,
            tags={"letter": suffix},
            model_id=info.model_id,
        )

    found = client.search_registered_models(
        filter_string=f"name LIKE '{unique_name}-%'", order_by=["name DESC"]
    )
    assert [m.name for m in found] == [f"{unique_name}-{s}" for s in ("c", "b", "a")]
    assert [v.version for v in found[0].latest_versions] == ["1"]

    paged = client.search_registered_models(
        filter_string=f"tags.suite = '{unique_name}'", max_results=2
    )
    assert len(paged) == 2 and paged.token
    rest = client.search_registered_models(
        filter_string=f"tags.suite = '{unique_name}'", max_results=2, page_token=paged.token
    )
    assert len(rest) == 1 and not rest.token

    versions = client.search_model_versions(f"run_id = '{run.info.run_id}'")
    assert sorted(v.name for v in versions) == [f"{unique_name}-{s}" for s in ("a", "b", "c")]
    tagged = client.search_model_versions(
        f"name = '{unique_name}-b' and tags.letter = 'b'"
    )
    assert [(v.name, v.version) for v in tagged] == [(f"{unique_name}-b", "1")]
    assert client.search_model_versions(f"name = '{unique_name}-b' and tags.letter = 'a'") == []


def test_tags_stage_rename_and_delete(client, experiment_id, unique_name):
    _, model = _fit(1.0)
    with mlflow.start_run():
        mlflow.sklearn.log_model(model, name="model", registered_model_name=unique_name)
    with mlflow.start_run():
        mlflow.sklearn.log_model(model, name="model", registered_model_name=unique_name)

    client.set_registered_model_tag(unique_name, "team", "risk")
    client.set_model_version_tag(unique_name, "1", "validated", "true")
    assert client.get_registered_model(unique_name).tags == {"team": "risk"}
    assert client.get_model_version(unique_name, "1").tags == {"validated": "true"}
    client.delete_registered_model_tag(unique_name, "team")
    client.delete_model_version_tag(unique_name, "1", "validated")
    assert client.get_registered_model(unique_name).tags == {}
    assert client.get_model_version(unique_name, "1").tags == {}

    client.update_registered_model(unique_name, description="fraud scorer")
    client.update_model_version(unique_name, "1", description="baseline")
    assert client.get_registered_model(unique_name).description == "fraud scorer"
    assert client.get_model_version(unique_name, "1").description == "baseline"

    client.transition_model_version_stage(unique_name, "1", "Production")
    moved = client.transition_model_version_stage(
        unique_name, "2", "Production", archive_existing_versions=True
    )
    assert moved.current_stage == "Production"
    assert client.get_model_version(unique_name, "1").current_stage == "Archived"
    latest = client.get_latest_versions(unique_name, stages=["Production"])
    assert [v.version for v in latest] == ["2"]

    renamed = f"{unique_name}-renamed"
    client.rename_registered_model(unique_name, renamed)
    assert client.get_model_version(renamed, "2").name == renamed
    with pytest.raises(MlflowException) as raised:
        client.get_registered_model(unique_name)
    assert raised.value.error_code == "RESOURCE_DOES_NOT_EXIST"

    client.delete_model_version(renamed, "1")
    assert [v.version for v in client.search_model_versions(f"name = '{renamed}'")] == ["2"]
    client.delete_registered_model(renamed)
    with pytest.raises(MlflowException) as raised:
        client.get_registered_model(renamed)
    assert raised.value.error_code == "RESOURCE_DOES_NOT_EXIST"


def test_sources_outside_the_server_are_refused(client, unique_name):
    client.create_registered_model(unique_name)
    for source in ("file:///etc/passwd", "//proc/self/root/etc", "http:///?/../../etc"):
        with pytest.raises(MlflowException) as raised:
            client.create_model_version(unique_name, source)
        assert raised.value.error_code == "INVALID_PARAMETER_VALUE"
    assert client.search_model_versions(f"name = '{unique_name}'") == []
