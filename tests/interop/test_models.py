"""Models through the client: sklearn autolog, log_model and loading it back by URI."""

import mlflow
import mlflow.sklearn
import numpy as np
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression


def _iris():
    features, labels = load_iris(return_X_y=True, as_frame=True)
    return features, labels


def test_log_model_then_load_by_model_id_and_run_uri(client, experiment_id):
    features, labels = _iris()
    model = LogisticRegression(max_iter=500).fit(features, labels)
    expected = model.predict(features)

    with mlflow.start_run() as run:
        mlflow.log_metric("train_acc", float((expected == labels).mean()))
        info = mlflow.sklearn.log_model(model, name="model", input_example=features.head(3))
    run_id = run.info.run_id
    assert info.model_id
    assert info.model_uri == f"models:/{info.model_id}"

    logged = client.get_logged_model(info.model_id)
    assert logged.source_run_id == run_id
    assert logged.name == "model"
    assert logged.status == "READY"

    by_model_id = mlflow.pyfunc.load_model(f"models:/{info.model_id}")
    np.testing.assert_array_equal(by_model_id.predict(features), expected)

    by_run = mlflow.sklearn.load_model(f"runs:/{run_id}/model")
    np.testing.assert_array_equal(by_run.predict(features), expected)

    run_outputs = client.get_run(run_id).outputs.model_outputs
    assert [o.model_id for o in run_outputs] == [info.model_id]


def test_sklearn_autolog(client, experiment_id):
    features, labels = _iris()
    mlflow.sklearn.autolog(log_input_examples=False, silent=True)
    try:
        with mlflow.start_run() as run:
            model = LogisticRegression(C=0.5, max_iter=300).fit(features, labels)
    finally:
        mlflow.sklearn.autolog(disable=True)

    fetched = client.get_run(run.info.run_id)
    assert fetched.data.params["C"] == "0.5"
    assert fetched.data.params["max_iter"] == "300"
    assert 0.8 < fetched.data.metrics["training_accuracy_score"] <= 1.0
    assert fetched.data.tags["estimator_name"] == "LogisticRegression"

    models = client.search_logged_models(experiment_ids=[experiment_id])
    assert [m.source_run_id for m in models] == [run.info.run_id]
    loaded = mlflow.pyfunc.load_model(f"models:/{models[0].model_id}")
    np.testing.assert_array_equal(loaded.predict(features), model.predict(features))
