"""aclc: a firewall ACL compiler for OpenFlow 1.3 switches.

The pipeline is a straight line of pure stages; each has a public entry point:

    text --parse--> AST --resolve--> AST --normalize--> Policy --lower--> Pipeline --emit--> text

Import the stage you need from its module (``aclc.frontend.parse``, ``aclc.frontend.resolve``,
``aclc.frontend.normalize``, ``aclc.lower``, ``aclc.emit``); this package keeps its own
import light so that ``aclc --help`` starts fast.
"""

__version__ = "0.1.0"
