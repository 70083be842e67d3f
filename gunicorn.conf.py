"""gunicorn's settings for every server started from the project (gunicorn reads this file
from the working directory): private links are masked in its access and error logs."""

logger_class = "portal.log_masking.TokenMaskingLogger"
