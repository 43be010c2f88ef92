-- 0002_catalogue.sql: the built-in TOM catalogue of West Midlands Police and
-- the OPCC (Social Value Policy 2025-2027): 4 themes, 12 outcomes, national
-- style measures (NT...) and the OPCC's local measures (WM-..., local = 1).
--
-- WHY THE PROXY VALUES ARE ILLUSTRATIVE
-- The official National TOMs proxy table is licensed data, published under a
-- non-commercial, no-derivatives licence: svdesk must not ship it, nor values
-- derived from it.  The proxy set below is therefore made up: round numbers of
-- a plausible size, good enough to show how the screens and the board reports
-- work, and marked illustrative = 1 so that every figure in pounds of social
-- value computed with it is labelled as such.  A finance team that holds a
-- licence imports its own values with `svdesk import measures FILE`; the
-- imported set becomes the current set, and commitments keep the proxy that
-- was in force when they were made.
--
-- The measure titles are our own wording, not the official TOMs text.
-- Proxies are in ten-thousandths of a pound per unit (GBP 3.50 = 35000);
-- NULL means record only (every percent measure, and a few counts).
--
-- Run inside the migration transaction by the migration runner.

-- ---- themes -----------------------------------------------------------------
INSERT INTO theme (name, title, position) VALUES
	('Jobs', 'Promote Local Skills and Employment', 1),
	('Growth', 'Support Growth of Responsible Regional Business', 2),
	('Social', 'Healthier, Safer and more Resilient Communities', 3),
	('Environment', 'Decarbonising and Safeguarding Our World', 4);

-- ---- outcomes (the spelling of the policy's table) -----------------------------
INSERT INTO outcome (theme_id, text, position)
SELECT t.id, v.column2, v.column3
FROM (VALUES
	('Jobs', 'More local people in employment', 1),
	('Jobs', 'Improved employability of young people', 2),
	('Jobs', 'More opportunities for disadvantaged people', 3),
	('Jobs', 'Improved skills for local people', 4),
	('Growth', 'Improved staff wellbeing and mental health', 5),
	('Growth', 'More opportunities for SMEs and VCSEs, local companies', 6),
	('Growth', 'A workforce and culture that reflect the diversity of the local community', 7),
	('Growth', 'Social value embedded in the supply chain', 8),
	('Social', 'Creating a healthier community', 9),
	('Social', 'Vulnerable people are helped to live independently', 10),
	('Social', 'More working with the community', 11),
	('Environment', 'Effective stewardship of the environment', 12)
) AS v
JOIN theme t ON t.name = v.column1
ORDER BY v.column3;

-- ---- measures ------------------------------------------------------------------
-- Columns of the list: code, theme, outcome, title, unit, local, position.
INSERT INTO measure (code, outcome_id, title, unit, local, position)
SELECT v.column1, o.id, v.column4, v.column5, v.column6, v.column7
FROM (VALUES
	-- Jobs: More local people in employment
	('NT1', 'Jobs', 'More local people in employment',
	 'Local residents employed to deliver the contract (full-time equivalent)', 'FTE', 0, 1),
	('WM-LP1', 'Jobs', 'More local people in employment',
	 'New jobs that count towards a local authority local plan employment target', 'FTE', 1, 2),

	-- Jobs: Improved employability of young people
	('NT4', 'Jobs', 'Improved employability of young people',
	 'Young people not in education, employment or training (NEET) taken on', 'FTE', 0, 3),
	('NT9', 'Jobs', 'Improved employability of young people',
	 'Careers talks, CV clinics and mock interviews for young people (hours x attendees)', 'hours', 0, 4),
	('NT10', 'Jobs', 'Improved employability of young people',
	 'Apprenticeship weeks delivered on the contract', 'weeks', 0, 5),
	('NT11', 'Jobs', 'Improved employability of young people',
	 'Work placement and internship weeks for students and school leavers', 'weeks', 0, 6),

	-- Jobs: More opportunities for disadvantaged people
	('NT3', 'Jobs', 'More opportunities for disadvantaged people',
	 'People out of work for a year or more taken on (first year only)', 'FTE', 0, 7),
	('NT5', 'Jobs', 'More opportunities for disadvantaged people',
	 'Care leavers taken on (first year only)', 'FTE', 0, 8),
	('NT6', 'Jobs', 'More opportunities for disadvantaged people',
	 'Disabled people taken on (first year only)', 'FTE', 0, 9),
	('NT7', 'Jobs', 'More opportunities for disadvantaged people',
	 'One-to-one help into work for disadvantaged job seekers (hours)', 'hours', 0, 10),
	('WM-PL1', 'Jobs', 'More opportunities for disadvantaged people',
	 'Prison leavers employed on the contract', 'FTE', 1, 11),

	-- Jobs: Improved skills for local people
	('NT8', 'Jobs', 'Improved skills for local people',
	 'Accredited training for staff working on the contract (hours x attendees)', 'hours', 0, 12),
	('NT12', 'Jobs', 'Improved skills for local people',
	 'Mentoring and skills coaching for local people outside the workforce (hours x attendees)', 'hours', 0, 13),
	('NT13', 'Jobs', 'Improved skills for local people',
	 'Apprentices starting a level 2 to level 4 programme', 'count', 0, 14),

	-- Growth: Improved staff wellbeing and mental health
	('NT14', 'Growth', 'Improved staff wellbeing and mental health',
	 'Money spent on wellbeing and mental health support for contract staff', 'GBP', 0, 15),
	('NT15', 'Growth', 'Improved staff wellbeing and mental health',
	 'Contract staff trained as mental health first aiders', 'count', 0, 16),

	-- Growth: More opportunities for SMEs and VCSEs, local companies
	('NT18', 'Growth', 'More opportunities for SMEs and VCSEs, local companies',
	 'Contract spend with suppliers based in the West Midlands', 'GBP', 0, 17),
	('NT19', 'Growth', 'More opportunities for SMEs and VCSEs, local companies',
	 'Contract spend with West Midlands small and medium-sized businesses', 'GBP', 0, 18),
	('NT20', 'Growth', 'More opportunities for SMEs and VCSEs, local companies',
	 'Contract spend with voluntary, community and social enterprises', 'GBP', 0, 19),
	('NT21', 'Growth', 'More opportunities for SMEs and VCSEs, local companies',
	 'Free expert help given to local small businesses and VCSEs (hours)', 'hours', 0, 20),

	-- Growth: A workforce and culture that reflect the diversity of the local community
	('NT16', 'Growth', 'A workforce and culture that reflect the diversity of the local community',
	 'Equality, diversity and inclusion training for contract staff (hours x attendees)', 'hours', 0, 21),
	('NT17', 'Growth', 'A workforce and culture that reflect the diversity of the local community',
	 'Share of the contract workforce from under-represented groups (%)', 'percent', 0, 22),

	-- Growth: Social value embedded in the supply chain
	('NT22', 'Growth', 'Social value embedded in the supply chain',
	 'Share of contract staff paid at least the Real Living Wage (%)', 'percent', 0, 23),
	('NT23', 'Growth', 'Social value embedded in the supply chain',
	 'Money invested in tackling modern slavery in the supply chain (training, checks, remedies)', 'GBP', 0, 24),
	('NT24', 'Growth', 'Social value embedded in the supply chain',
	 'Supply-chain audits for modern slavery completed', 'count', 0, 25),

	-- Social: Creating a healthier community
	('NT26', 'Social', 'Creating a healthier community',
	 'Money put into local health, sport and physical activity schemes', 'GBP', 0, 26),
	('NT27', 'Social', 'Creating a healthier community',
	 'Health and wellbeing sessions run for local residents (hours x attendees)', 'hours', 0, 27),

	-- Social: Vulnerable people are helped to live independently
	('NT30', 'Social', 'Vulnerable people are helped to live independently',
	 'Practical help for vulnerable residents, older people and victims of crime (hours)', 'hours', 0, 28),
	('WM-RO1', 'Social', 'Vulnerable people are helped to live independently',
	 'Support that breaks the cycle of poverty, crime and reoffending: mentoring, housing and debt advice (hours)', 'hours', 1, 29),

	-- Social: More working with the community
	('NT28', 'Social', 'More working with the community',
	 'Cash and in-kind donations to local community projects', 'GBP', 0, 30),
	('NT29', 'Social', 'More working with the community',
	 'Staff volunteering with local community groups (hours)', 'hours', 0, 31),
	('WM-DOC1', 'Social', 'More working with the community',
	 'Design Out Crime schemes contributed to (secure-by-design improvements)', 'count', 1, 32),
	('WM-DOC2', 'Social', 'More working with the community',
	 'Crime prevention design advice given to local partners (hours)', 'hours', 1, 33),
	('WM-YD1', 'Social', 'More working with the community',
	 'Youth diversion activities run with local partners (hours x attendees)', 'hours', 1, 34),

	-- Environment: Effective stewardship of the environment
	('NT31', 'Environment', 'Effective stewardship of the environment',
	 'Carbon emissions saved on the contract against its baseline (tonnes CO2e)', 'tCO2e', 0, 35),
	('NT32', 'Environment', 'Effective stewardship of the environment',
	 'Waste kept out of landfill by reuse or recycling (tonnes)', 'tonnes', 0, 36),
	('NT33', 'Environment', 'Effective stewardship of the environment',
	 'Zero-emission vehicles in use on the contract', 'count', 0, 37),
	('NT34', 'Environment', 'Effective stewardship of the environment',
	 'Money put into local green spaces and biodiversity', 'GBP', 0, 38)
) AS v
JOIN theme t ON t.name = v.column2
JOIN outcome o ON o.theme_id = t.id AND o.text = v.column3
ORDER BY v.column7;

-- ---- the illustrative proxy set -------------------------------------------------
INSERT INTO proxy_set (name, illustrative, is_current, created_at) VALUES
	('Illustrative values 2025 (not licensed TOMs proxies)', 1, 1, '2025-04-01T00:00:00Z');

-- One row for every measure.  GBP per unit x 10000; NULL = record only.
INSERT INTO proxy_value (set_id, measure_id, proxy)
SELECT s.id, m.id, v.column2
FROM (VALUES
	('NT1',     225000000),  -- 22,500.00 per FTE
	('WM-LP1',  200000000),  -- 20,000.00 per FTE
	('NT4',     135000000),  -- 13,500.00 per FTE
	('NT9',        120000),  --     12.00 per hour
	('NT10',      2400000),  --    240.00 per week
	('NT11',      1500000),  --    150.00 per week
	('NT3',     180000000),  -- 18,000.00 per FTE
	('NT5',     140000000),  -- 14,000.00 per FTE
	('NT6',     165000000),  -- 16,500.00 per FTE
	('NT7',        400000),  --     40.00 per hour
	('WM-PL1',  175000000),  -- 17,500.00 per FTE
	('NT8',        150000),  --     15.00 per hour
	('NT12',       220000),  --     22.00 per hour
	('NT13',         NULL),  -- record only
	('NT14',         8000),  --      0.80 per pound
	('NT15',      2500000),  --    250.00 per person trained
	('NT18',         5000),  --      0.50 per pound
	('NT19',         6000),  --      0.60 per pound
	('NT20',         7000),  --      0.70 per pound
	('NT21',       850000),  --     85.00 per hour
	('NT16',       100000),  --     10.00 per hour
	('NT17',         NULL),  -- percent: record only
	('NT22',         NULL),  -- percent: record only
	('NT23',        10000),  --      1.00 per pound
	('NT24',         NULL),  -- record only
	('NT26',         9000),  --      0.90 per pound
	('NT27',       180000),  --     18.00 per hour
	('NT30',       280000),  --     28.00 per hour
	('WM-RO1',     350000),  --     35.00 per hour
	('NT28',        10000),  --      1.00 per pound
	('NT29',       160000),  --     16.00 per hour
	('WM-DOC1',      NULL),  -- record only
	('WM-DOC2',    450000),  --     45.00 per hour
	('WM-YD1',     200000),  --     20.00 per hour
	('NT31',      1100000),  --    110.00 per tonne CO2e
	('NT32',       450000),  --     45.00 per tonne
	('NT33',         NULL),  -- record only
	('NT34',         9000)   --      0.90 per pound
) AS v
JOIN measure m ON m.code = v.column1
CROSS JOIN proxy_set s
WHERE s.name = 'Illustrative values 2025 (not licensed TOMs proxies)';
