DROP TABLE review_decisions;
