"""Experiments through the real client: fluent set_experiment, CRUD, tags, search, errors."""

import uuid

import mlflow
import pytest
from mlflow.entities import ViewType
from mlflow.exceptions import MlflowException


def test_set_experiment_creates_then_reuses(tracking_uri, unique_name):
    first = mlflow.set_experiment(unique_name)
    second = mlflow.set_experiment(unique_name)
    assert first.experiment_id == second.experiment_id
    assert first.name == unique_name
    assert first.lifecycle_stage == "active"
    assert first.artifact_location.startswith("mlflow-artifacts:/")
    by_id = mlflow.set_experiment(experiment_id=first.experiment_id)
    assert by_id.name == unique_name


def test_default_experiment_exists(client):
    default = client.get_experiment("0")
    assert default.name == "Default"
    assert client.get_experiment_by_name("Default").experiment_id == "0"


def test_get_update_delete_restore_experiment(client, unique_name):
    experiment_id = client.create_experiment(unique_name, tags={"team": "vision"})
    experiment = client.get_experiment(experiment_id)
    assert experiment.name == unique_name
    assert experiment.tags["team"] == "vision"
    assert experiment.creation_time > 0

    renamed = unique_name + "-renamed"
    client.rename_experiment(experiment_id, renamed)
    assert client.get_experiment(experiment_id).name == renamed
    assert client.get_experiment_by_name(unique_name) is None
    assert client.get_experiment_by_name(renamed).experiment_id == experiment_id

    client.set_experiment_tag(experiment_id, "stage", "dev")
    assert client.get_experiment(experiment_id).tags["stage"] == "dev"
    client.delete_experiment_tag(experiment_id, "stage")
    assert "stage" not in client.get_experiment(experiment_id).tags

    client.delete_experiment(experiment_id)
    assert client.get_experiment(experiment_id).lifecycle_stage == "deleted"
    active = client.search_experiments(filter_string=f"name = '{renamed}'")
    assert active == []
    deleted = client.search_experiments(
        view_type=ViewType.DELETED_ONLY, filter_string=f"name = '{renamed}'"
    )
    assert [e.experiment_id for e in deleted] == [experiment_id]

    client.restore_experiment(experiment_id)
    assert client.get_experiment(experiment_id).lifecycle_stage == "active"


def test_duplicate_experiment_name_is_rejected(client, unique_name):
    client.create_experiment(unique_name)
    # A different request for the same name (not a byte-identical retry, which a server may
    # answer with the first result) must be refused.
    with pytest.raises(MlflowException) as raised:
        client.create_experiment(unique_name, tags={"attempt": "second"})
    assert raised.value.error_code == "RESOURCE_ALREADY_EXISTS"


def test_missing_experiment_error_codes(client):
    with pytest.raises(MlflowException) as raised:
        client.get_experiment("987654321")
    assert raised.value.error_code == "RESOURCE_DOES_NOT_EXIST"
    assert client.get_experiment_by_name(f"missing-{uuid.uuid4().hex}") is None
    with pytest.raises(MlflowException) as raised:
        client.delete_experiment("987654321")
    assert raised.value.error_code == "RESOURCE_DOES_NOT_EXIST"


def test_search_experiments_filter_order_and_pages(client, unique_name):
    names = [f"{unique_name}-{i}" for i in range(5)]
    ids = {name: client.create_experiment(name, tags={"group": unique_name}) for name in names}

    ascending = client.search_experiments(
        filter_string=f"name LIKE '{unique_name}-%'", order_by=["name ASC"]
    )
    assert [e.name for e in ascending] == names
    descending = client.search_experiments(
        filter_string=f"name LIKE '{unique_name}-%'", order_by=["name DESC"]
    )
    assert [e.name for e in descending] == list(reversed(names))

    by_tag = client.search_experiments(filter_string=f"tags.group = '{unique_name}'")
    assert sorted(e.experiment_id for e in by_tag) == sorted(ids.values())

    seen = []
    token = None
    pages = 0
    while True:
        page = client.search_experiments(
            max_results=2,
            filter_string=f"name LIKE '{unique_name}-%'",
            order_by=["name ASC"],
            page_token=token,
        )
        pages += 1
        assert len(page) <= 2
        seen.extend(e.name for e in page)
        token = page.token
        if not token:
            break
    assert seen == names
    assert pages == 3
