"""Execute a notebook end to end and fail if any cell fails.

    python notebooks/run_notebook.py notebooks/headline.ipynb --out /tmp/headline.out.ipynb

It runs with the notebook's own folder as working directory (so it finds
cyberkg_client.py) and the environment as given (CYBERKG_URL, NEO4J_URI, …).
"""

import argparse
import sys
import time
from pathlib import Path

import nbclient
import nbformat


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--out", type=Path, help="where to write the executed notebook")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    args = parser.parse_args()

    nb = nbformat.read(args.notebook, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=args.timeout, kernel_name="python3",
                                     resources={"metadata": {"path": str(args.notebook.parent.resolve())}})
    start = time.monotonic()
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as err:
        print(f"notebook {args.notebook} failed:\n{err}", file=sys.stderr)
        return 1
    finally:
        if args.out:
            nbformat.write(nb, args.out)
    cells = sum(1 for c in nb.cells if c.cell_type == "code")
    print(f"notebook {args.notebook}: {cells} code cells ran in {time.monotonic() - start:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
