from flask import Blueprint

bp = Blueprint("returnees", __name__)
