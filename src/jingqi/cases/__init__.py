"""Enterprise-related cases (涉企案件) with losses, recoveries and time to solve; outreach events (宣传/讲座)
with the enterprises they reached; pre-employment background checks (入职背景审查) that give job-fit advice only."""
