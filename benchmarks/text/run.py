#!/usr/bin/env python3
"""Text vectorizing: Strata's vectorize(mode: "tfidf") against scikit-learn's TfidfVectorizer,
fit and transform of the whole SMS Spam Collection (5,574 messages), side by side.

    .venv/bin/python benchmarks/text/run.py [--strata .build/release/strata] [--runs 5] [--repeat 10]

Both use the same settings: tokens as runs of letters and digits (scikit-learn's
token_pattern r"(?u)\\b\\w+\\b", lowercased), 20,000 features, n-grams 1 and 1-2.
scikit-learn's time is fit_transform alone, timed inside its process. Strata has no clock
in the language, so its time is taken from two processes: one that loads the data and
vectorizes it `--repeat` times, one that only loads it; the difference over `--repeat`
is one fit and transform. Each is run `--runs` times, alternating; medians are reported.

The Strata binary should be a release build (`swift build -c release`).
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "Sources", "Data", "Datasets", "sms_spam.csv")

SKLEARN = r"""
import sys, time, csv
from sklearn.feature_extraction.text import TfidfVectorizer
texts = [row["text"] for row in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8"))]
n = int(sys.argv[2])
vectorizer = TfidfVectorizer(token_pattern=r"(?u)\b\w+\b", max_features=20000, ngram_range=(1, n))
start = time.perf_counter()
matrix = vectorizer.fit_transform(texts)
print(time.perf_counter() - start, matrix.shape[1])
"""


def strata_seconds(strata, ngrams, repeat, folder):
    """One measurement of Strata's vectorize: (T(repeat calls) - T(none)) / repeat, in seconds."""
    def script(calls):
        body = 'sms = dataset("sms_spam")\nprint(count(sms))\n'
        body += "".join(f'v{i} = vectorize(sms, mode: "tfidf", ngrams: {ngrams})\n' for i in range(calls))
        path = os.path.join(folder, f"v{calls}.strata")
        with open(path, "w") as out:
            out.write(body)
        return path

    def timed(path):
        start = time.perf_counter()
        subprocess.run([strata, "run", path], check=True, capture_output=True,
                       env={**os.environ, "STRATA_STORE": os.path.join(folder, "store")})
        return time.perf_counter() - start

    return (timed(script(repeat)) - timed(script(0))) / repeat


def sklearn_seconds(ngrams):
    done = subprocess.run([sys.executable, "-c", SKLEARN, DATA, str(ngrams)], check=True, capture_output=True,
                          text=True)
    seconds, features = done.stdout.split()
    return float(seconds), int(features)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--strata", default=os.path.join(ROOT, ".build", "release", "strata"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    print(f"tf-idf fit+transform of {DATA} (5,574 messages, 20,000 features), medians of {args.runs}")
    print(f"{'ngrams':>6}  {'strata':>9}  {'scikit-learn':>12}  {'ratio':>6}")
    with tempfile.TemporaryDirectory() as folder:
        for ngrams in (1, 2):
            ours, theirs = [], []
            for _ in range(args.runs):
                ours.append(strata_seconds(args.strata, ngrams, args.repeat, folder))
                theirs.append(sklearn_seconds(ngrams)[0])
            a, b = statistics.median(ours), statistics.median(theirs)
            print(f"{ngrams:>6}  {a * 1000:>7.1f}ms  {b * 1000:>10.1f}ms  {a / b:>5.2f}x")


if __name__ == "__main__":
    main()
