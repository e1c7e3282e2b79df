#!/usr/bin/env python3
"""Learned reference models on the same held-out halves as the default pack, to show how far a
stronger text model could take the label figures of issue 13.

Usage: scripts/baseline-models.py [--nonlinear] [RAPPORT_BINARY]

For each labelled dev set in ../shared/eval (complaints, questions, airline, spotify-care), fits a
logistic regression (scikit-learn) to half A of that set alone (scripts/half.py's split) and scores
half B with the set's own figure (complaint F1 and macro-F1, question F1, airline macro-F1, care
accuracy), for four feature sets:

  * words: TF-IDF of word 1- and 2-grams;
  * words+chars: the same plus TF-IDF of character 2- to 5-grams inside word boundaries;
  * rules: which of the default pack's rules fired (binary), read from `rapport classify
    --fields id,rules` (the rules were written by reading half A only; scores are not used, since
    the shipped lexicon is fitted to the whole files);
  * rules+words+chars: all three.

Each is fitted with C in (0.5, 2, 8) and every result is printed (no choice is made on half B).
With --nonlinear, three more learners on rules+words+chars follow (session 29: do they beat a linear
model here?): a linear SVM (C 0.3), a one-hidden-layer network (64 units, early stopping on a tenth
of half A) and gradient-boosted trees on the fired rules plus 200 SVD components of the text columns.
Every model is fitted per set, which one shared pack cannot do: these are ceilings for a
per-set model, not a like-for-like rival. The truncation mark and the replacement character are
removed from the texts first (quirks of complaints-dev that would not hold on other data).
Nothing is written into the repository. Needs scikit-learn and SciPy (`pip install scikit-learn`).
"""
import csv
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EVAL = os.path.join(os.path.dirname(ROOT), "shared", "eval")
SETS = ["complaints", "questions", "airline", "spotify-care"]

try:
    import numpy as np
    import scipy.sparse as sparse
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.decomposition import TruncatedSVD
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier
    from sklearn.svm import LinearSVC
    from sklearn.metrics import accuracy_score, f1_score
except ImportError:
    sys.exit("baseline-models: needs scikit-learn and scipy (pip install scikit-learn)")
warnings.filterwarnings("ignore")


def in_half_a(record_id):
    """The split of scripts/half.py: the first 8 hex digits of SHA-256(id) even."""
    return int(hashlib.sha256(record_id.encode("utf-8")).hexdigest()[:8], 16) % 2 == 0


def figure(name, truth, predicted):
    if name == "complaints":
        complaint = f1_score(truth, predicted, pos_label="complaint")
        return f"complaint F1 {complaint:.3f}  macro-F1 {f1_score(truth, predicted, average='macro'):.3f}"
    if name == "questions":
        return f"question F1 {f1_score(truth, predicted, pos_label='question'):.3f}"
    if name == "airline":
        return f"macro-F1 {f1_score(truth, predicted, average='macro'):.3f}"
    return f"accuracy {accuracy_score(truth, predicted):.3f}"


def fired_rules(binary, path, scratch):
    """Maps record id to {rule id: 1} for every rule the default pack fired on the record."""
    out = os.path.join(scratch, "rules.jsonl")
    subprocess.run([binary, "classify", "--quiet", "--fields", "id,rules", path, "-o", out], check=True)
    with open(out, encoding="utf-8") as lines:
        return {record["id"]: {rule: 1 for rule in record["rules"]} for record in map(json.loads, lines)}


def columns(kind, train_texts, test_texts):
    if kind == "words":
        vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    else:
        vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)
    return vectorizer.fit_transform(train_texts), vectorizer.transform(test_texts)


def main():
    if not os.path.isdir(EVAL):
        print(f"baseline-models: {EVAL} is absent; skipping", file=sys.stderr)
        return
    arguments = [argument for argument in sys.argv[1:] if argument != "--nonlinear"]
    nonlinear = "--nonlinear" in sys.argv[1:]
    binary = arguments[0] if arguments else os.path.join(ROOT, ".build", "release", "rapport")
    quirks = re.compile("[\u2026\ufffd]")
    with tempfile.TemporaryDirectory() as scratch:
        for name in SETS:
            path = os.path.join(EVAL, f"{name}-dev.csv")
            with open(path, newline="", encoding="utf-8") as handle:
                rows = list(csv.DictReader(handle))
            rules = fired_rules(binary, path, scratch)
            half_a = [row for row in rows if in_half_a(row["id"])]
            half_b = [row for row in rows if not in_half_a(row["id"])]
            texts_a = [quirks.sub(" ", row["text"]) for row in half_a]
            texts_b = [quirks.sub(" ", row["text"]) for row in half_b]
            for features in ["words", "words+chars", "rules", "rules+words+chars"]:
                train, test = [], []
                if "rules" in features:
                    dictionary = DictVectorizer()
                    train.append(dictionary.fit_transform([rules[row["id"]] for row in half_a]))
                    test.append(dictionary.transform([rules[row["id"]] for row in half_b]))
                for kind in ("words", "chars"):
                    if kind in features:
                        a, b = columns(kind, texts_a, texts_b)
                        train.append(a)
                        test.append(b)
                for strength in (0.5, 2, 8):
                    model = LogisticRegression(C=strength, max_iter=3000)
                    model.fit(sparse.hstack(train).tocsr(), [row["label"] for row in half_a])
                    predicted = model.predict(sparse.hstack(test).tocsr())
                    result = figure(name, [row["label"] for row in half_b], predicted)
                    print(f"{name:<13} {features:<18} C={strength:<4} {result}", flush=True)
            if nonlinear:
                nonlinear_models(name, train, test, half_a, half_b)


def nonlinear_models(name, train, test, half_a, half_b):
    """The other learners on the last feature set (rules+words+chars): `train`/`test` hold its columns."""
    truth_a = [row["label"] for row in half_a]
    truth_b = [row["label"] for row in half_b]
    x_a, x_b = sparse.hstack(train).tocsr(), sparse.hstack(test).tocsr()
    learners = {
        "linear SVM C=0.3": LinearSVC(C=0.3),
        "network 64": MLPClassifier(hidden_layer_sizes=(64,), alpha=1e-3, max_iter=60, early_stopping=True, random_state=1),
    }
    for label, model in learners.items():
        model.fit(x_a, truth_a)
        print(f"{name:<13} rules+words+chars  {label:<18} {figure(name, truth_b, model.predict(x_b))}", flush=True)
    rules_a, rules_b = train[0].toarray(), test[0].toarray()
    svd = TruncatedSVD(200, random_state=1)
    text_a = svd.fit_transform(sparse.hstack(train[1:]).tocsr())
    text_b = svd.transform(sparse.hstack(test[1:]).tocsr())
    trees = HistGradientBoostingClassifier(max_iter=300, learning_rate=0.08, random_state=1)
    trees.fit(np.hstack([rules_a, text_a]), truth_a)
    predicted = trees.predict(np.hstack([rules_b, text_b]))
    print(f"{name:<13} rules+SVD 200       boosted trees      {figure(name, truth_b, predicted)}", flush=True)


if __name__ == "__main__":
    main()
