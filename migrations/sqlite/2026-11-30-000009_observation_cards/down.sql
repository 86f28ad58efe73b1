DROP TABLE card_stories;
DROP TABLE observation_cards;
