DROP TABLE app_secrets;
DROP TABLE staff_sessions;
