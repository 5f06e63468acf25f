"""Seeds a Cairn server through the real mlflow client, for the browser tests.

Usage: python mlflow_seed.py SPEC_JSON
  SPEC_JSON = {"experiment": str, "runs": [{"name", "params", "loss": [..], "accuracy": [..]}],
               "model": {"experiment": str, "name": str, "versions": int} | null}
The server and credentials come from MLFLOW_TRACKING_URI / _USERNAME / _PASSWORD. Prints one
JSON line: {"experiment_id", "run_ids": {name: id}, "model_run_ids": [..]}.
"""

import json
import sys

import mlflow
import mlflow.sklearn
from mlflow.tracking import MlflowClient


def seed_runs(spec):
    experiment = mlflow.set_experiment(spec["experiment"])
    run_ids = {}
    for run in spec["runs"]:
        with mlflow.start_run(run_name=run["name"]) as active:
            mlflow.log_params(run["params"])
            for step, (loss, accuracy) in enumerate(zip(run["loss"], run["accuracy"])):
                mlflow.log_metrics({"loss": loss, "accuracy": accuracy}, step=step)
            mlflow.set_tag("team", run.get("team", "vision"))
            run_ids[run["name"]] = active.info.run_id
    return experiment.experiment_id, run_ids


def seed_model(spec):
    # Imported only when a model is wanted: scikit-learn takes seconds to load.
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression

    features, labels = load_iris(return_X_y=True, as_frame=True)
    mlflow.set_experiment(spec["experiment"])
    run_ids = []
    for version in range(spec["versions"]):
        model = LogisticRegression(max_iter=200 + 100 * version).fit(features, labels)
        with mlflow.start_run(run_name=f"train-v{version + 1}") as active:
            mlflow.log_param("max_iter", 200 + 100 * version)
            mlflow.log_metric("accuracy", float(model.score(features, labels)))
            mlflow.sklearn.log_model(model, name="model", registered_model_name=spec["name"])
            run_ids.append(active.info.run_id)
    versions = MlflowClient().search_model_versions(f"name='{spec['name']}'")
    if len(versions) != spec["versions"]:
        raise SystemExit(f"expected {spec['versions']} versions, got {len(versions)}")
    return run_ids


def main():
    spec = json.loads(sys.argv[1])
    experiment_id, run_ids = seed_runs(spec) if spec.get("runs") else (None, {})
    model_run_ids = seed_model(spec["model"]) if spec.get("model") else []
    print(json.dumps({"experiment_id": experiment_id, "run_ids": run_ids,
                      "model_run_ids": model_run_ids}))


if __name__ == "__main__":
    main()
