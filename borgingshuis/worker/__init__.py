"""The task worker's process: `manage.py db_worker` (django-tasks-db's command) lowers its own
CPU priority before it takes any task, so the web server keeps the CPU (README, "The task
worker"). Listed before django_tasks_db in INSTALLED_APPS, so its command is the one run."""
