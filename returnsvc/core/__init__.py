"""Cross-cutting pieces every feature uses: database base, enums, i18n, permissions, money."""
