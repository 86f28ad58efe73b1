DROP TABLE card_comparisons;
