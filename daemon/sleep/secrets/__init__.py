"""Secrets in chat messages: found before extraction, withheld from training, shown masked.

    from daemon.sleep.secrets.detect import find_secrets
    from daemon.sleep.secrets import mask
    [s.kind for s in find_secrets("my wifi password is hunter2")]   # ["password"]
    mask(find_secrets("card 4111 1111 1111 1111")[0])                # "**** 1111"

- ``kinds``: the kinds of secret, their reasons ("payment card number") and masking;
- ``detect``: :func:`find_secrets`, three detectors merged: ``detect-secrets`` plugins
  (credentials, keys and tokens, pasted config lines), ``presidio-analyzer`` recognizers
  (payment cards by Luhn, IBANs by checksum, government numbers) and ``stated`` (a value
  the user calls a password, PIN, account or passport number, which neither library finds);
- ``withhold``: messages -> redacted copies for the extractor, and the withheld facts;
- ``audit``: asks the served model the questions a secret would answer.

Importing this package is cheap (the settings read its kinds); the detectors load the
libraries when :mod:`.detect` is imported.
"""

from .kinds import SECRET_KINDS, Secret, mask

__all__ = ["SECRET_KINDS", "Secret", "mask"]
