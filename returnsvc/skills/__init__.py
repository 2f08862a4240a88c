"""The returnee's skills profile: occupations, skills, qualifications with recognition
tracking, competency certificates, languages and work preferences."""
