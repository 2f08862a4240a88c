"""Extensions, created unbound here and bound to the app in create_app()."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from returnsvc.core.db import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
babel = Babel()
csrf = CSRFProtect()
# Per-client throttling of sign-in and password attempts (auth.throttling). The client is the
# request's remote address: the real one behind a proxy once PROXY_FIX_HOPS is set. Counters
# live in Redis when REDIS_URL is set (shared by every worker), else in each process's memory.
limiter = Limiter(key_func=get_remote_address)
