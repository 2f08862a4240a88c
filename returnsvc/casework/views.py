from flask import Blueprint

bp = Blueprint("casework", __name__)
