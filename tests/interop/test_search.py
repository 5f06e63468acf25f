"""search_runs through the client and into pandas: filters, ordering, pagination."""

import mlflow
import pandas as pd

ACCURACIES = [0.55, 0.91, 0.72, 0.33, 0.87, 0.64, 0.78]


def _seed(client, experiment_id):
    run_ids = []
    for i, acc in enumerate(ACCURACIES):
        with mlflow.start_run(run_name=f"r{i}") as run:
            mlflow.log_param("family", "tree" if i % 2 == 0 else "linear")
            mlflow.log_param("index", i)
            mlflow.log_metric("acc", acc)
            mlflow.log_metric("loss", 1 - acc)
            mlflow.set_tag("parity", "even" if i % 2 == 0 else "odd")
        run_ids.append(run.info.run_id)
    return run_ids


def test_filters_and_ordering(client, experiment_id):
    run_ids = _seed(client, experiment_id)

    best_first = client.search_runs([experiment_id], order_by=["metrics.acc DESC"])
    assert [r.data.metrics["acc"] for r in best_first] == sorted(ACCURACIES, reverse=True)

    good = client.search_runs(
        [experiment_id], filter_string="metrics.acc > 0.7", order_by=["metrics.acc ASC"]
    )
    assert [r.data.metrics["acc"] for r in good] == sorted(a for a in ACCURACIES if a > 0.7)

    trees = client.search_runs(
        [experiment_id],
        filter_string="params.family = 'tree' and metrics.loss < 0.4",
        order_by=["params.index ASC"],
    )
    expected = [run_ids[i] for i, a in enumerate(ACCURACIES) if i % 2 == 0 and 1 - a < 0.4]
    assert [r.info.run_id for r in trees] == expected

    odd = client.search_runs([experiment_id], filter_string="tags.parity = 'odd'")
    assert sorted(r.info.run_id for r in odd) == sorted(run_ids[1::2])

    named = client.search_runs([experiment_id], filter_string="attributes.run_name LIKE 'r1%'")
    assert [r.info.run_name for r in named] == ["r1"]

    by_id = client.search_runs(
        [experiment_id], filter_string=f"attributes.run_id IN ('{run_ids[0]}', '{run_ids[3]}')"
    )
    assert sorted(r.info.run_id for r in by_id) == sorted([run_ids[0], run_ids[3]])

    # The default order is newest first.
    newest_first = client.search_runs([experiment_id])
    assert [r.info.run_id for r in newest_first] == list(reversed(run_ids))


def test_pagination_covers_every_run_once(client, experiment_id):
    run_ids = _seed(client, experiment_id)
    seen = []
    token = None
    while True:
        page = client.search_runs(
            [experiment_id], max_results=3, order_by=["metrics.acc DESC"], page_token=token
        )
        assert len(page) <= 3
        seen.extend(r.info.run_id for r in page)
        token = page.token
        if not token:
            break
    assert len(seen) == len(run_ids)
    assert set(seen) == set(run_ids)
    by_acc = sorted(range(len(ACCURACIES)), key=lambda i: ACCURACIES[i], reverse=True)
    assert seen == [run_ids[i] for i in by_acc]


def test_fluent_search_runs_into_pandas(client, experiment_id):
    _seed(client, experiment_id)
    frame = mlflow.search_runs(
        experiment_ids=[experiment_id],
        filter_string="metrics.acc >= 0.6",
        order_by=["metrics.acc DESC"],
    )
    assert isinstance(frame, pd.DataFrame)
    expected = sorted((a for a in ACCURACIES if a >= 0.6), reverse=True)
    assert list(frame["metrics.acc"]) == expected
    assert set(frame["params.family"]) == {"tree", "linear"}
    assert "tags.parity" in frame.columns
    assert (frame["status"] == "FINISHED").all()


def test_search_across_experiments(client, unique_name):
    first = mlflow.set_experiment(unique_name + "-a").experiment_id
    with mlflow.start_run():
        mlflow.log_metric("x", 1)
    second = mlflow.set_experiment(unique_name + "-b").experiment_id
    with mlflow.start_run():
        mlflow.log_metric("x", 2)
    runs = client.search_runs([first, second], order_by=["metrics.x ASC"])
    assert [r.info.experiment_id for r in runs] == [first, second]
