"""`python -m sos_meeting` works the same as `sos-meeting`."""

import sys

from sos_meeting.cli import main

sys.exit(main())
