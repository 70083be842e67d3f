"""``python -m bench.worker <task> '<json>'``: one Django task, its result as JSON on stdout."""

import json
import sys


def main(argv):
    import django

    django.setup()
    from . import data, measure_django

    task, args = argv[0], json.loads(argv[1]) if len(argv) > 1 else {}
    tasks = {
        "generate": data.generate,
        "queries": measure_django.count_queries,
        "edition": measure_django.edition_timings,
        "publication": measure_django.publication_timings,
        "editor": measure_django.create_editor,
        "pages": measure_django.find_pages,
    }
    result = tasks[task](**args)
    sys.stdout.write("\nBENCH-RESULT " + json.dumps(result) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
