"""Networks in the standard file formats: BIF, XMLBIF, Hugin NET, GeNIe XDSL and UAI.

`read_network(path)` and `write_network(network, path)` pick the format from the extension
(.bif, .xml/.xmlbif/.bifxml, .net, .xdsl, .uai; a trailing .gz is read through gzip).
`import_model` writes what it read as a forecast-model/1 YAML file; `export_model` writes a
model (noisy-MAX and ranked nodes as their tables) in any of the formats.

pgmpy's readers and writers are used where they do the job and replaced where they do not
(each checked against pgmpy and pyAgrum in tests/interop/test_interop.py):
- XMLBIF: pgmpy's reader; its writer builds each table by repeated string concatenation
  (19 s for mildew), so it is written below in the same layout.
- BIF: pgmpy's writer. Its reader takes 10-60 s on the larger bnlearn files (mildew: 540,000
  numbers) and reads `default` rows as a table, so BIF is read by the tokenizer below.
- NET: pgmpy's writer rounds to 8 decimals and its reader splits quoted states with spaces
  (and rescans the file once per node), so both are below.
- XDSL: pgmpy's writer rounds to 16 decimals, writes children before their parents (GeNIe
  refuses that) and keeps no labels; its reader splits numbers on single spaces only and
  ignores labels. Both are below; the table order is GeNIe's (node states fastest, then the
  last parent).
- UAI: pgmpy's reader and writer put the child's states slowest; the UAI format lists each
  table with the last variable of its scope (the child) changing fastest. Both are below.
  (pyAgrum 3.3's UAI and XDSL readers take the first parent as the fastest instead of the
  last, so they misread tables of nodes with two or more parents; its BIF, NET and UAI
  readers parse numbers in single precision.)

A name outside [A-Za-z_][A-Za-z0-9_]* is mapped (each run of other characters becomes `_`,
a leading digit gets a `_`, clashes get `_2`, `_3`); a node keeps its original name as its
label, states are just mapped. Written files use the identifiers, with labels where the
format has a place for them (BIF and XMLBIF property, NET label, XDSL name).
"""

from .bif import read_bif, write_bif
from .convert import export_model, import_model, load_network
from .files import (
    EXTENSIONS_HELP,
    FORMAT_NAMES,
    FORMATS,
    format_of,
    network_text,
    read_network,
    write_network,
)
from .names import IDENTIFIER, identifier, unique_identifiers
from .net import read_net, write_net
from .raw import ROW_TOLERANCE, ParseError, RawNetwork, RawVariable, from_pgmpy, raw_to_network
from .uai import read_uai, write_uai
from .xdsl import read_xdsl, write_xdsl
from .xmlbif import read_xmlbif, write_xmlbif
from .yamlout import model_yaml

__all__ = [
    "EXTENSIONS_HELP", "FORMATS", "FORMAT_NAMES", "IDENTIFIER", "ROW_TOLERANCE", "ParseError",
    "RawNetwork", "RawVariable", "export_model", "format_of", "from_pgmpy", "identifier",
    "import_model", "load_network", "model_yaml", "network_text", "raw_to_network", "read_bif",
    "read_net", "read_network", "read_uai", "read_xdsl", "read_xmlbif", "unique_identifiers",
    "write_bif", "write_net", "write_network", "write_uai", "write_xdsl", "write_xmlbif",
]
