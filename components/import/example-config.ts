// A small nginx configuration to start from (or to see what the importer does).
export const EXAMPLE_NGINX = `upstream app_servers {
    least_conn;
    server 127.0.0.1:3001 weight=2;
    server 127.0.0.1:3002;
}

server {
    listen 80;
    server_name app.example.com www.app.example.com;
    access_log /var/log/nginx/app.access.log;

    location = /health {
        return 200 "ok";
    }

    location /api/ {
        proxy_pass http://app_servers/;
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_read_timeout 30s;
    }

    location / {
        proxy_pass http://app_servers;
    }
}
`;
