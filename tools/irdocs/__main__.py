from __future__ import annotations

from irdocs.main import main

raise SystemExit(main())
