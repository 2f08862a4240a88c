"""Partner organisations and referrals of cases to them."""
